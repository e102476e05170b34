import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

export interface CheckpointClaim {
  seq: bigint;
  hash: Buffer;
  recordedAt: Date;
}

/** The exact bytes an Ed25519 checkpoint signature covers. */
export function checkpointMessage(claim: CheckpointClaim): Buffer {
  return Buffer.from(
    `anamnesis-audit-checkpoint:v1\n${claim.seq}\n${claim.hash.toString('hex')}\n${claim.recordedAt.toISOString()}`,
    'utf8',
  );
}

/** Key id: the first 16 hex digits of SHA-256 over the SPKI public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

export const DEV_KEY_FILE = 'audit-checkpoint.dev.pem';

/**
 * The Ed25519 key that signs audit checkpoints: AUDIT_SIGNING_KEY_FILE (PKCS#8 PEM), or else, outside
 * production only, one generated once into DATA_DIR with a warning. Production requires the variable,
 * pointing outside DATA_DIR (config.schema.ts), at a key kept off the database host. A later crypto module may wrap it with the KEK. After a
 * rotation, list the old public keys in AUDIT_TRUSTED_KEYS_FILE so older checkpoints still verify.
 */
@Injectable()
export class CheckpointSigner {
  private readonly logger = new Logger('Audit');
  private privateKey?: KeyObject;
  private publicKey?: KeyObject;
  private id?: string;
  private readonly trusted = new Map<string, KeyObject>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get keyId(): string {
    this.load();
    return this.id as string;
  }

  /** PEM of the public key, for verifying exported checkpoints elsewhere. */
  publicKeyPem(): string {
    this.load();
    return (this.publicKey as KeyObject).export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(claim: CheckpointClaim): Buffer {
    this.load();
    return sign(null, checkpointMessage(claim), this.privateKey as KeyObject);
  }

  /** True when `signature` over `claim` was made by the key `keyId`: the current key or a trusted earlier one. */
  verify(claim: CheckpointClaim, keyId: string, signature: Buffer): boolean {
    this.load();
    const key = this.trusted.get(keyId);
    return key !== undefined && verify(null, checkpointMessage(claim), key, signature);
  }

  private load(): void {
    if (this.privateKey) return;
    if (!this.config.AUDIT_SIGNING_KEY_FILE && this.config.NODE_ENV === 'production')
      throw new Error('production requires AUDIT_SIGNING_KEY_FILE (no generated audit checkpoint key)');
    const file = this.config.AUDIT_SIGNING_KEY_FILE ?? join(this.config.DATA_DIR, DEV_KEY_FILE);
    if (!this.config.AUDIT_SIGNING_KEY_FILE && !existsSync(file)) {
      this.logger.warn(
        `AUDIT_SIGNING_KEY_FILE is unset: generated an audit checkpoint key in DATA_DIR (${DEV_KEY_FILE}); set the variable in production`,
      );
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(dirname(file), { recursive: true });
      try {
        writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
        chmodSync(file, 0o600);
      } catch (error) {
        // Another process generated it first: use theirs.
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
    }
    const privateKey = createPrivateKey(readFileSync(file));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('audit signing key must be Ed25519');
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.id = keyIdOf(this.publicKey);
    this.trusted.set(this.id, this.publicKey);
    if (this.config.AUDIT_TRUSTED_KEYS_FILE) {
      const pems = readFileSync(this.config.AUDIT_TRUSTED_KEYS_FILE, 'utf8').match(PEM_BLOCK) ?? [];
      for (const pem of pems) {
        const key = createPublicKey(pem);
        if (key.asymmetricKeyType === 'ed25519') this.trusted.set(keyIdOf(key), key);
      }
    }
  }
}
