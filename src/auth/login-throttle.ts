import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PG_POOL } from '../database/prisma.service.js';

export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_attempts', 'too many sign-in attempts; try again later', 429);
  }
}

/** Failures are forgotten after this long without another failure. */
const WINDOW = '1 hour';

export interface ThrottleKeys {
  account: string;
  address: string;
}

/**
 * Failed-login counters in PostgreSQL (`login_throttles`), so the limits hold across instances.
 * Keys are per account — the SHA-256 of the normalised email, so unknown emails are throttled
 * exactly like known ones (no enumeration) — and per client address. Past the limit a key is locked
 * for LOGIN_LOCKOUT_SECONDS, doubling with every further failure up to LOGIN_LOCKOUT_MAX_SECONDS.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  keys(email: string, address: string): ThrottleKeys {
    return {
      account: `account:${createHash('sha256').update(email).digest('base64url')}`,
      address: `address:${address}`,
    };
  }

  /** Throws TooManyAttemptsError while either key is locked. */
  async assertAllowed(keys: ThrottleKeys): Promise<void> {
    const { rows } = await this.pool.query<{ wait: number }>(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
         FROM login_throttles WHERE key = ANY($1) AND locked_until > now()`,
      [[keys.account, keys.address]],
    );
    const wait = rows[0]?.wait;
    if (wait) throw new TooManyAttemptsError(wait);
  }

  async recordFailure(keys: ThrottleKeys): Promise<void> {
    await this.fail(keys.account, this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT);
    await this.fail(keys.address, this.config.LOGIN_MAX_FAILURES_PER_ADDRESS);
    // Now and then, forget counters whose window and lock are both over (keeps the table small).
    if (Math.random() < 0.01)
      await this.pool.query(
        `DELETE FROM login_throttles
          WHERE window_started_at < now() - interval '${WINDOW}' AND (locked_until IS NULL OR locked_until < now())`,
      );
  }

  /** A successful login clears the account's counter (not the address's: one good password among many guesses). */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.pool.query('DELETE FROM login_throttles WHERE key = $1', [keys.account]);
  }

  private async fail(key: string, limit: number): Promise<void> {
    const { LOGIN_LOCKOUT_SECONDS: base, LOGIN_LOCKOUT_MAX_SECONDS: max } = this.config;
    await this.pool.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - interval '${WINDOW}' AND (t.locked_until IS NULL OR t.locked_until < now())
                         THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - interval '${WINDOW}' AND (t.locked_until IS NULL OR t.locked_until < now())
                                  THEN now() ELSE t.window_started_at END`,
      [key],
    );
    // Lock at the limit; each further failure doubles the lock (capped).
    await this.pool.query(
      `UPDATE login_throttles
          SET locked_until = now() + make_interval(secs => least($3::float8, $2::float8 * power(2, least(failures - $4, 30))))
        WHERE key = $1 AND failures >= $4`,
      [key, base, max, limit],
    );
  }
}
