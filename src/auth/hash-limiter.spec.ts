import { HashingBusyError, HashLimiter } from './hash-limiter.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('HashLimiter', () => {
  it('runs at most `concurrency` jobs at once and queues the rest in order', async () => {
    const limiter = new HashLimiter(2, 10);
    const gates = [deferred(), deferred(), deferred()];
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const jobs = gates.map((gate, i) =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await gate.promise;
        order.push(i);
        active--;
      }),
    );
    await Promise.resolve();
    expect(limiter.stats).toEqual({ running: 2, waiting: 1 });
    gates.forEach((gate) => gate.resolve());
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2]);
    expect(limiter.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once when the queue is full, and frees the slot after a failing job', async () => {
    const limiter = new HashLimiter(1, 1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const second = limiter.run(async () => 'queued');
    await expect(limiter.run(async () => 'third')).rejects.toBeInstanceOf(HashingBusyError);
    gate.resolve();
    await first;
    expect(await second).toBe('queued');
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'after')).toBe('after');
    expect(limiter.stats).toEqual({ running: 0, waiting: 0 });
  });
});
