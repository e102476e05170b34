import { ScratchBuffers } from './scratch-buffers.js';

describe('ScratchBuffers', () => {
  it('hands back a kept buffer large enough, as a view of exactly the size asked for', () => {
    const scratch = new ScratchBuffers(1024);
    const first = scratch.take(100);
    expect(first.length).toBe(100);
    scratch.give(first);
    const again = scratch.take(60);
    expect(again.length).toBe(60);
    expect(again.buffer).toBe(first.buffer);
    // Taken, it is no longer free: the next one is new.
    expect(scratch.take(60).buffer).not.toBe(first.buffer);
  });

  it('allocates when none kept is large enough, and keeps no more than its bound', () => {
    const scratch = new ScratchBuffers(150);
    const small = scratch.take(100);
    scratch.give(small);
    expect(scratch.take(120).buffer).not.toBe(small.buffer);
    const [a, b] = [scratch.take(100), scratch.take(100)];
    scratch.give(a);
    scratch.give(b); // over the bound: dropped
    expect(scratch.take(100).buffer).toBe(a.buffer);
    expect(scratch.take(100).buffer).not.toBe(b.buffer);
  });

  it('keeps a buffer given back twice only once', () => {
    const scratch = new ScratchBuffers(1024);
    const taken = scratch.take(10);
    scratch.give(taken);
    scratch.give(taken);
    expect(scratch.take(10).buffer).toBe(taken.buffer);
    expect(scratch.take(10).buffer).not.toBe(taken.buffer);
  });
});
