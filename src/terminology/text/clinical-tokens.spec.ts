import fc from 'fast-check';
import { clinicalTerms, clinicalTokens } from './clinical-tokens.js';
import { normaliseTerm } from './normalise.js';

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
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (text) => {
        for (const token of clinicalTokens(text)) {
          // A character that normalises to several (㋀ → "1月") can yield several tokens, each spanning
          // that one original character; the plural stemmer may turn a final "ies" into "y".
          const original = normaliseTerm(text.slice(token.start, token.end));
          expect(original.includes(token.term) || original.includes(token.term.slice(0, -1))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    expect(clinicalTokens('㋀').map((t) => [t.term, t.start, t.end])).toEqual([
      ['1', 0, 1],
      ['月', 0, 1],
    ]);
  });

  it('folds Latin diacritics, ß and æ, and full-width forms, keeping offsets into the original', () => {
    const text = 'Insuffisance rénale, Hämoglobin, Straße, Cæsar, ＨｂＡ１ｃ ８．９％';
    const tokens = clinicalTokens(text);
    expect(tokens.map((t) => t.term)).toEqual(
      expect.arrayContaining(['insuffisance', 'renale', 'hamoglobin', 'strasse', 'caesar', 'hba1c', '8.9']),
    );
    const renale = tokens.find((t) => t.term === 'renale')!;
    expect(text.slice(renale.start, renale.end)).toBe('rénale');
    const strasse = tokens.find((t) => t.term === 'strasse')!;
    expect(text.slice(strasse.start, strasse.end)).toBe('Straße');
    expect(clinicalTerms('re\u0301nale')).toEqual(['renale']);
  });

  it('splits Chinese into dictionary words and character bigrams, without particles', () => {
    const terms = clinicalTerms('胸痛和心肌梗死的情况？');
    expect(terms).toEqual(expect.arrayContaining(['胸痛', '心肌', '梗死', '肌梗']));
    expect(terms.some((t) => /[和的]/.test(t))).toBe(false);
    expect(terms).not.toContain('情况');
    // The dictionary splits 心梗 and 肌酐; the bigrams keep them.
    expect(clinicalTerms('否认既往心梗病史')).toContain('心梗');
    expect(clinicalTerms('肌酐升高')).toContain('肌酐');
    const text = '肌钙蛋白 0.09 ng/mL';
    for (const token of clinicalTokens(text))
      expect(normaliseTerm(text.slice(token.start, token.end))).toBe(token.term);
  });

  it('tokenises Japanese (kanji and katakana, no particles) and spaced scripts such as Korean and Greek', () => {
    const japanese = clinicalTerms('心筋梗塞の既往があり、アスピリンを服用。');
    expect(japanese).toEqual(expect.arrayContaining(['心筋', '梗塞', 'アスピリン']));
    expect(japanese.some((t) => t.includes('の'))).toBe(false);
    expect(clinicalTerms('급성 심근경색 진단')).toEqual(['급성', '심근경색', '진단']);
    expect(clinicalTerms('Αιμοσφαιρίνη 10,8 g/dL')).toEqual(expect.arrayContaining(['αιμοσφαιρίνη', 'g/dl']));
  });
});
