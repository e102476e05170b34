import { prepared } from './pg-transaction.js';

describe('prepared', () => {
  it('names one text once, and different texts differently', () => {
    const first = prepared('SELECT 1 AS prepared_spec_a', []);
    const again = prepared('SELECT 1 AS prepared_spec_a', [7]);
    const other = prepared('SELECT 1 AS prepared_spec_b', []);
    expect(first.name).toMatch(/^anamnesis_\d+$/);
    expect(again).toEqual({ name: first.name, text: 'SELECT 1 AS prepared_spec_a', values: [7] });
    expect(other.name).not.toBe(first.name);
  });

  it('stops naming new texts past its bound, so a dynamic text cannot grow it without end', () => {
    const names = Array.from(
      { length: 600 },
      (_, i) => prepared(`SELECT ${i} AS prepared_spec_bound`, []).name,
    );
    expect(names.filter((name) => name === undefined).length).toBeGreaterThanOrEqual(100);
    expect(new Set(names.filter(Boolean)).size).toBe(names.filter(Boolean).length);
  });
});
