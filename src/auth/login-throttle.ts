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
 *
 * An attempt is **reserved** before the password is hashed: one transaction locks both counter
 * rows, refuses while either is locked, and otherwise counts the attempt as a failure (locking the
 * key when that reaches the limit). So however many guesses arrive at once, at most the limit are
 * ever checked. A success then clears the account's counter and hands the address's back; an
 * attempt that was never checked (hashing busy) hands both back.
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

  /** Counts one attempt on both keys, or throws TooManyAttemptsError (counting nothing) while either is locked. */
  async reserve(keys: ThrottleKeys): Promise<void> {
    // Always in this order ('account:' < 'address:'), so two reservations never deadlock.
    const ordered = [keys.account, keys.address];
    const limits = [this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, this.config.LOGIN_MAX_FAILURES_PER_ADDRESS];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO login_throttles (key, failures, window_started_at)
         SELECT key, 0, now() FROM unnest($1::text[]) AS key ON CONFLICT (key) DO NOTHING`,
        [ordered],
      );
      const { rows } = await client.query<{ wait: number | null }>(
        `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS wait
           FROM login_throttles WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
        [ordered],
      );
      const wait = Math.max(0, ...rows.map((row) => row.wait ?? 0));
      if (wait > 0) {
        await client.query('COMMIT');
        throw new TooManyAttemptsError(wait);
      }
      await client.query(
        `UPDATE login_throttles t
            SET failures = n.failures,
                window_started_at = n.started,
                locked_until = CASE WHEN n.failures >= n.lim
                  THEN now() + make_interval(secs => least($4::float8, $3::float8 * power(2, least(n.failures - n.lim, 30))))
                  END
           FROM (SELECT c.key, l.lim,
                        CASE WHEN c.window_started_at < now() - interval '${WINDOW}' THEN 1 ELSE c.failures + 1 END AS failures,
                        CASE WHEN c.window_started_at < now() - interval '${WINDOW}' THEN now() ELSE c.window_started_at END AS started
                   FROM login_throttles c JOIN unnest($1::text[], $2::int[]) AS l(key, lim) ON l.key = c.key) n
          WHERE t.key = n.key`,
        [ordered, limits, this.config.LOGIN_LOCKOUT_SECONDS, this.config.LOGIN_LOCKOUT_MAX_SECONDS],
      );
      await client.query('COMMIT');
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // Now and then, forget counters whose window and lock are both over (keeps the table small).
    if (Math.random() < 0.01)
      await this.pool.query(
        `DELETE FROM login_throttles
          WHERE window_started_at < now() - interval '${WINDOW}' AND (locked_until IS NULL OR locked_until < now())`,
      );
  }

  /** The password (and second factor) were right: clear the account, give the address its attempt back. */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.pool.query('DELETE FROM login_throttles WHERE key = $1', [keys.account]);
    await this.giveBack([keys.address], [this.config.LOGIN_MAX_FAILURES_PER_ADDRESS]);
  }

  /** The reserved attempt was never checked (e.g. hashing was busy): give both keys their attempt back. */
  async release(keys: ThrottleKeys): Promise<void> {
    await this.giveBack(
      [keys.account, keys.address],
      [this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, this.config.LOGIN_MAX_FAILURES_PER_ADDRESS],
    );
  }

  private async giveBack(keys: string[], limits: number[]): Promise<void> {
    await this.pool.query(
      `UPDATE login_throttles t
          SET failures = greatest(t.failures - 1, 0),
              locked_until = CASE WHEN t.failures - 1 < l.lim THEN NULL ELSE t.locked_until END
         FROM unnest($1::text[], $2::int[]) AS l(key, lim)
        WHERE t.key = l.key`,
      [keys, limits],
    );
  }
}
