import { QueryExpansion, VARIANT_WEIGHT } from './query-expansion.js';

describe('QueryExpansion (clinical lexicon)', () => {
  const expansion = new QueryExpansion();

  it('expands abbreviations to full terms and back, weighting the user words highest', () => {
    const sob = expansion.expand('worse SOB?');
    expect(sob.get('sob')).toBe(1);
    expect(sob.get('dyspnea')).toBe(VARIANT_WEIGHT);
    expect(sob.get('breath')).toBeCloseTo(VARIANT_WEIGHT / 2);
    expect(expansion.expand('why is the creatinine rising').get('cr')).toBe(VARIANT_WEIGHT);
    expect(expansion.expand('history of hypertension').get('htn')).toBe(VARIANT_WEIGHT);
    expect(expansion.expand('prior MI').get('infarction')).toBeGreaterThan(0);
  });

  it('matches multi-word terms as phrases', () => {
    expect(expansion.expand('shortness of breath').get('sob')).toBe(VARIANT_WEIGHT);
    expect(expansion.expand('shortness of temper, no breath sounds').has('sob')).toBe(false);
  });

  it('searches the members of a drug class, one way only', () => {
    expect(expansion.expand('antiplatelet therapy').get('ticagrelor')).toBeGreaterThan(0);
    expect(expansion.expand('is she on ticagrelor').has('clopidogrel')).toBe(false);
  });
});
