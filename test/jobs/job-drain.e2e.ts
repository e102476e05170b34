import { randomUUID } from 'node:crypto';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * pg-boss waits out its polling interval after every fetch; JobsService.work fetches again at once
 * after a full batch. With a 30 s interval, three full batches finish long before a second poll
 * could have happened, and a partial batch still waits for it.
 */
describe('JobsService.work drains a backlog', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({}, { ready: false })));
  afterAll(() => t.close());

  it('follows a full batch with the next fetch, and lets a partial one wait for the interval', async () => {
    const jobs = t.app.get(JobsService);
    const queue = `drain-${randomUUID().slice(0, 8)}`;
    await jobs.ensureQueue(queue);
    await jobs.sendMany(
      queue,
      Array.from({ length: 120 }, (_, i) => ({ id: randomUUID(), data: { i } })),
    );
    const batches: number[] = [];
    let resolveAll: () => void;
    const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
    await jobs.work<{ i: number }>(queue, { batchSize: 50, pollingIntervalSeconds: 30 }, async (batch) => {
      batches.push(batch.length);
      if (batches.reduce((a, b) => a + b, 0) === 120) resolveAll();
    });
    await allDone; // without the drain, the second batch would come 30 s after the first (test timeout)
    expect(batches).toEqual([50, 50, 20]);
    // The partial batch ended the drain: a job sent now waits for the next poll, not fetched at once.
    await jobs.sendMany(queue, [{ id: randomUUID(), data: { i: 120 } }]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(batches).toEqual([50, 50, 20]);
  });
});
