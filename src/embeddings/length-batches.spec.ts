import fc from 'fast-check';
import { lengthBatches, padBatch } from './length-batches.js';

describe('lengthBatches', () => {
  it('covers every index exactly once and respects both limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (lengths, maxBatch) => {
          const batches = lengthBatches(lengths, maxBatch, 1000);
          expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
          for (const batch of batches) {
            expect(batch.length).toBeLessThanOrEqual(maxBatch);
            const longest = Math.max(1, ...batch.map((i) => lengths[i]!));
            if (batch.length > 1) expect(batch.length * longest).toBeLessThanOrEqual(1000);
          }
        },
      ),
    );
  });

  it('groups similar lengths together', () => {
    expect(lengthBatches([100, 1, 99, 2], 2, 10_000)).toEqual([
      [1, 3],
      [2, 0],
    ]);
  });
});

describe('padBatch', () => {
  it('pads with the pad id and masks the padding', () => {
    const { ids, mask, dims } = padBatch([[5, 6, 7], [8]]);
    expect(dims).toEqual([2, 3]);
    expect([...ids]).toEqual([5n, 6n, 7n, 8n, 0n, 0n]);
    expect([...mask]).toEqual([1n, 1n, 1n, 1n, 0n, 0n]);
  });
});
