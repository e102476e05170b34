import {
  bandOf,
  domainOf,
  flagOf,
  valueScale,
  withinPeriod,
} from '../../web/src/patients/trend-chart/scale.js';

/** The lab-trend chart's geometry (web/src/patients/trend-chart/scale.ts). */
describe('trend chart scale', () => {
  it('puts floor and ceiling on nice ticks covering every value', () => {
    expect(valueScale([5.4, 8.1, 5.6]).ticks).toEqual([5, 6, 7, 8, 9]);
    expect(valueScale([45, 152, 110]).ticks).toEqual([0, 50, 100, 150, 200]);
    expect(valueScale([0.1, 0.3]).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(valueScale([7, 7]).ticks).toEqual([6, 6.5, 7, 7.5, 8]);
  });

  it('draws an upper-only range from the axis floor up to the limit, with room below it', () => {
    // Troponin ≤ 0.04 with a single result above it: the band must not collapse to nothing.
    const scale = valueScale(domainOf([0.09], undefined, 0.04));
    const band = bandOf(undefined, 0.04, scale)!;
    expect(band.to).toBe(0.04);
    expect(band.from).toBe(scale.min);
    expect(band.from).toBeLessThan(0.04);
    expect(scale.min).toBeGreaterThanOrEqual(0);
  });

  it('draws a lower-only range from the limit up to the axis ceiling', () => {
    // eGFR ≥ 60 with every result below it: the band still shows above the limit.
    const scale = valueScale(domainOf([30, 45], 60, undefined));
    expect(bandOf(60, undefined, scale)).toEqual({ from: 60, to: scale.max });
    expect(scale.max).toBeGreaterThan(60);
    expect(bandOf(undefined, undefined, scale)).toBeUndefined();
  });

  it('flags from the recorded flag, else from the range', () => {
    expect(flagOf({ value: 5.9, high: 5.6 })).toBe('H');
    expect(flagOf({ value: 3, low: 3.5 })).toBe('L');
    expect(flagOf({ value: 5, low: 3.5, high: 5.1, flag: 'HH' })).toBe('HH');
    expect(flagOf({ value: 5, low: 3.5, high: 5.1, flag: 'N' })).toBeUndefined();
  });

  it('counts periods back from the latest result', () => {
    const day = 86_400_000;
    const points = [1640, 910, 290, 0].map((ago) => ({ at: 2e12 - ago * day }));
    expect(withinPeriod(points, '1y')).toHaveLength(2);
    expect(withinPeriod(points, '3y')).toHaveLength(3);
    expect(withinPeriod(points, 'all')).toHaveLength(4);
  });
});
