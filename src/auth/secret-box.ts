import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

const VERSION = 'v1';

/**
 * AES-256-GCM for the identity module's own secrets (signing keys' private JWKs, TOTP secrets),
 * with caller-chosen AAD so a sealed value copied to another row or purpose fails to open.
 *
 * The key is derived with HKDF from the KEK (KEK_FILE / KEK_BASE64); in development and tests
 * without one, a random key is generated into DATA_DIR.
 * TODO(crypto): switch to the KEK provider in src/crypto once it exposes wrap/unwrap, so keys rotate
 * with `keys:rotate` instead of being derived here.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(
      hkdfSync('sha256', rootKey(config), Buffer.alloc(0), 'anamnesis/auth-secrets/v1', 32),
    );
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, aad: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error('sealed value is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

function rootKey(config: AppConfig): Buffer {
  if (config.KEK_BASE64) return Buffer.from(config.KEK_BASE64, 'base64');
  if (config.KEK_FILE) return readFileSync(config.KEK_FILE);
  const file = join(config.DATA_DIR, 'auth-secrets.dev.key');
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
      new Logger('SecretBox').warn(`generated a development key for auth secrets in ${file}`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // another process made it
    }
  }
  return readFileSync(file);
}
