import fc from 'fast-check';
import { fromHalf, toHalf } from './half-float.js';

describe('half-float', () => {
  it('round-trips values exactly representable in float16', () => {
    for (const value of [0, 1, -1, 0.5, 2.5, 65504, -(2 ** -14), 1 / 1024]) {
      expect(fromHalf(toHalf(value))).toBe(value);
    }
  });

  it('keeps the relative error within float16 precision over the GloVe value range', () => {
    fc.assert(
      fc.property(fc.float({ min: -10, max: 10, noNaN: true }), (value) => {
        const back = fromHalf(toHalf(value));
        expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.max(Math.abs(value) * 2 ** -11, 2 ** -24));
      }),
    );
  });
});
