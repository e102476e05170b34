import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { HashLimiter } from './hash-limiter.js';

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/**
 * argon2id with explicit parameters (never the library defaults): OWASP's minimum of 19 MiB
 * memory, 2 passes, 1 lane. Raising them makes `needsRehash` true for older hashes.
 */
export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

export function needsRehash(passwordHash: string): boolean {
  const match = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m! < ARGON2_PARAMS.memoryCost || t! < ARGON2_PARAMS.timeCost || p !== ARGON2_PARAMS.parallelism;
}

/**
 * The injectable face of the functions above: every hash and verify goes through one bounded
 * limiter (ARGON2_MAX_CONCURRENCY), and an unknown user is checked against a dummy hash with the
 * same parameters, so "no such user" costs the same time as "wrong password".
 */
@Injectable()
export class PasswordHasher {
  readonly limiter: HashLimiter;
  private readonly dummyHash: Promise<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new HashLimiter(config.ARGON2_MAX_CONCURRENCY, config.ARGON2_MAX_QUEUE);
    // Computed once at start-up so the first unknown-user login is not the slow one.
    this.dummyHash = hashPassword(`dummy ${randomBytes(16).toString('hex')}`);
  }

  hash(password: string): Promise<string> {
    return this.limiter.run(() => hashPassword(password));
  }

  /** `passwordHash` undefined (unknown user, or no password set) still costs one full verify. */
  async verify(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    const against = passwordHash ?? (await this.dummyHash);
    const ok = await this.limiter.run(() => verifyPassword(against, password));
    return ok && passwordHash !== null && passwordHash !== undefined;
  }
}
