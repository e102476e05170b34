import fc from 'fast-check';
import { clinicalTerms, clinicalTokens } from './clinical-tokens.js';

describe('clinicalTokens', () => {
  it('keeps codes, decimals and units whole, and splits hyphenated words too', () => {
    expect(clinicalTerms('Creatinine 2.3 mg/dL (ref 0.6-1.2) H. LOINC 2160-0, ICD I21.4')).toEqual(
      expect.arrayContaining(['creatinine', '2.3', 'mg/dl', 'mg', 'dl', '2160-0', 'i21.4']),
    );
    expect(clinicalTerms('NT-proBNP high')).toEqual(['nt-probnp', 'nt', 'probnp', 'high']);
  });

  it('drops stop words and folds plurals', () => {
    expect(clinicalTerms('What were the stools and studies of the patient?')).toEqual(['stool', 'study']);
  });

  it('points each token at its place in the original text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        for (const token of clinicalTokens(text)) {
          const original = text.slice(token.start, token.end).toLowerCase();
          expect(original.startsWith(token.term) || token.term.startsWith(original.slice(0, -1))).toBe(true);
        }
      }),
    );
  });
});
