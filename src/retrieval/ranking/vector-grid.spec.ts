import fc from 'fast-check';
import { embeddedDot, fromGrid, toGrid } from './vector-grid.js';

const vectors = (length?: number) =>
  fc
    .array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
      minLength: length ?? 1,
      maxLength: length ?? 64,
    })
    .map((values) => Float32Array.from(values));

const floatDot = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

describe('vector grid', () => {
  it('moves each component by at most half a step, and a vector on the grid stays put', () => {
    fc.assert(
      fc.property(vectors(), (vector) => {
        const grid = toGrid(vector);
        const back = fromGrid(grid);
        for (let i = 0; i < vector.length; i++) {
          expect(Math.abs(grid.codes[i]!)).toBeLessThanOrEqual(127);
          expect(Math.abs(back[i]! - vector[i]!)).toBeLessThanOrEqual(grid.scale / 2 + 1e-30);
        }
        expect(toGrid(back)).toEqual(grid);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the dot product of the float vector it stands for, bit for bit (NaN when that is zero)', () => {
    fc.assert(
      fc.property(vectors(16), vectors(16), (vector, query) => {
        const grid = toGrid(vector);
        const back = fromGrid(grid);
        const expected = floatDot(back, back) > 0.5 ? floatDot(back, query) : NaN;
        expect(embeddedDot(grid.codes, 0, grid.scale, query)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a zero vector zero', () => {
    const grid = toGrid(new Float32Array(4));
    expect([...fromGrid(grid)]).toEqual([0, 0, 0, 0]);
    expect(embeddedDot(grid.codes, 0, grid.scale, Float32Array.from([1, 1, 1, 1]))).toBeNaN();
  });
});
