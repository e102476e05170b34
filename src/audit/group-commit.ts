import type pg from 'pg';
import { prepared } from '../database/pg-transaction.js';

interface Waiter {
  texts: string[];
  resolve(): void;
  reject(error: unknown): void;
}

/** At most this many events go into one statement. */
const MAX_GROUP = 1000;

/**
 * Audit events of concurrent callers written by ONE autocommit statement at a time: while one is in
 * flight, new callers queue and go together in the next. So N concurrent reads cost one round trip
 * and one WAL flush instead of N. Each caller's promise settles only when the statement carrying
 * its events has committed; if a group fails, its callers are retried one by one, so one bad event
 * does not fail its neighbours.
 */
export class GroupCommit {
  private queue: Waiter[] = [];
  private flushing = false;

  /** `sql` takes the events' canonical texts as its one `text[]` parameter. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: string,
  ) {}

  write(texts: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.nextGroup();
        try {
          await this.pool.query(prepared(this.sql, [group.flatMap((waiter) => waiter.texts)]));
          for (const waiter of group) waiter.resolve();
        } catch (error) {
          if (group.length === 1) group[0]!.reject(error);
          else await this.writeEach(group);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private nextGroup(): Waiter[] {
    const group: Waiter[] = [];
    let size = 0;
    while (this.queue.length > 0 && (group.length === 0 || size + this.queue[0]!.texts.length <= MAX_GROUP)) {
      const waiter = this.queue.shift()!;
      group.push(waiter);
      size += waiter.texts.length;
    }
    return group;
  }

  private async writeEach(group: Waiter[]): Promise<void> {
    for (const waiter of group) {
      try {
        await this.pool.query(prepared(this.sql, [waiter.texts]));
        waiter.resolve();
      } catch (error) {
        waiter.reject(error);
      }
    }
  }
}
