import { GroupCommitter } from './group-commit.js';

describe('GroupCommitter', () => {
  it('commits a lone call at once and groups the calls that arrive meanwhile', async () => {
    const groups: number[][] = [];
    const committer = new GroupCommitter<number, number>(async (inputs) => {
      groups.push(inputs);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return inputs.map((n) => n * 2);
    }, 3);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => committer.submit(n)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(groups).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('commits up to `inFlight` groups at once, each taking what queued meanwhile', async () => {
    const groups: number[][] = [];
    let concurrent = 0;
    let peak = 0;
    const committer = new GroupCommitter<number, number>(
      async (inputs) => {
        groups.push(inputs);
        peak = Math.max(peak, ++concurrent);
        await new Promise((resolve) => setTimeout(resolve, 10));
        concurrent--;
        return inputs;
      },
      3,
      2,
    );
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map((n) => committer.submit(n)))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
    expect(groups).toEqual([[1], [2], [3, 4, 5], [6]]);
  });

  it('fails every call of a failed group, and only those', async () => {
    let calls = 0;
    const committer = new GroupCommitter<number, number>(async (inputs) => {
      if (calls++ === 1) throw new Error('rolled back');
      return inputs;
    }, 10);
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => committer.submit(n)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await committer.submit(4)).toBe(4);
  });

  it('reports when a call has to wait because every transaction is busy (receipt saturation)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let waits = 0;
    const committer = new GroupCommitter<number, number>(
      async (inputs) => {
        await held;
        return inputs;
      },
      10,
      1,
      () => waits++,
    );
    const first = committer.submit(1);
    expect(waits).toBe(0); // a transaction was free
    const second = committer.submit(2);
    expect(waits).toBe(1);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });
});
