import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthSecretKey } from './auth-secret-key.js';

const FORMAT = 'v1';

/** Where SecretBox gets its 32-byte key (AuthSecretKey in the app; a fixed key in unit tests). */
export interface SecretKeySource {
  key(): Promise<Buffer>;
}

/**
 * AES-256-GCM for the identity module's own secrets (signing keys' private JWKs, TOTP secrets),
 * with caller-chosen AAD so a sealed value copied to another row or purpose fails to open. The key
 * is AuthSecretKey: random per installation, stored wrapped under the KEK (src/crypto).
 */
@Injectable()
export class SecretBox {
  constructor(private readonly source: AuthSecretKey) {}

  static withKeySource(source: SecretKeySource): SecretBox {
    return new SecretBox(source as AuthSecretKey);
  }

  async seal(plaintext: string, aad: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.source.key(), iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
  }

  async open(sealed: string, aad: string): Promise<string> {
    const [format, iv, tag, body] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || body === undefined) throw new Error('sealed value is malformed');
    const decipher = createDecipheriv('aes-256-gcm', await this.source.key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
