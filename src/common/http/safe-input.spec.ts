import fc from 'fast-check';
import { containsNul, exceedsJsonDepth, MAX_JSON_DEPTH } from './safe-input.js';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('allows up to MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1))).toBe(
      true,
    );
    expect(exceedsJsonDepth(nested(100_000))).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ text: '['.repeat(1000) }))).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ text: '\\"' + '{'.repeat(1000) }))).toBe(false);
  });

  it('agrees with the real depth of any JSON value', () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === 'object'
        ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 40 }), (value) => {
        expect(exceedsJsonDepth(JSON.stringify(value))).toBe(depthOf(value) > MAX_JSON_DEPTH);
      }),
    );
  });
});

describe('containsNul', () => {
  it('finds U+0000 in any string or key, at any depth', () => {
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ 'k\u0000': 1 })).toBe(true);
    expect(containsNul({ a: ['\\u0000', 1, null, true] })).toBe(false);
    expect(containsNul(Buffer.from([0, 0]))).toBe(false); // raw bodies are their parser's to judge
  });
});
