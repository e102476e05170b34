import fc from 'fast-check';
import { fromGrid, onGrid, toGrid } from './vector-grid.js';

const vectors = fc
  .array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
    minLength: 1,
    maxLength: 64,
  })
  .map((values) => Float32Array.from(values));

describe('vector grid', () => {
  it('moves each component by at most half a step, and a vector on the grid stays put', () => {
    fc.assert(
      fc.property(vectors, (vector) => {
        const grid = toGrid(vector);
        const back = fromGrid(grid);
        for (let i = 0; i < vector.length; i++) {
          expect(Math.abs(grid.codes[i]!)).toBeLessThanOrEqual(127);
          expect(Math.abs(back[i]! - vector[i]!)).toBeLessThanOrEqual(grid.scale / 2 + 1e-30);
        }
        expect(onGrid(back)).toEqual(back);
        expect(toGrid(back)).toEqual(grid);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a zero vector zero', () => {
    expect([...onGrid(new Float32Array(4))]).toEqual([0, 0, 0, 0]);
  });
});
