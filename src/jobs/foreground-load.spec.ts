import { ForegroundLoad } from './foreground-load.js';

describe('ForegroundLoad', () => {
  it('is busy for 25 ms after a foreground request had to wait', () => {
    let now = 1_000;
    const load = new ForegroundLoad(() => now);
    expect(load.busy).toBe(false);
    load.noteWaiting();
    now += 24;
    expect(load.busy).toBe(true);
    now += 1;
    expect(load.busy).toBe(false);
  });

  it('lets background work through at once when idle, and when its own bound says stop', async () => {
    const idle = new ForegroundLoad();
    await idle.quiet(() => false); // resolves: nothing waits

    const busy = new ForegroundLoad(() => 0); // a clock that never moves: busy for ever
    busy.noteWaiting();
    let checks = 0;
    await busy.quiet(() => ++checks >= 3);
    expect(checks).toBe(3);
  });
});
