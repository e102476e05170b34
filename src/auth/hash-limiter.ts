import { DomainError } from '../common/errors/domain-error.js';

export class HashingBusyError extends DomainError {
  constructor() {
    super('busy', 'too many sign-ins in progress; try again shortly', 503);
  }
}

/**
 * A counting semaphore for argon2 work: at most `concurrency` hashes run at once (each holds
 * ~19 MiB), at most `maxQueue` wait; beyond that callers are refused at once, so a login flood
 * costs bounded memory and answers 503 instead of exhausting the process.
 */
export class HashLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) throw new HashingBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get stats() {
    return { running: this.running, waiting: this.waiting.length };
  }
}
