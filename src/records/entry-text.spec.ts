import { entryText, kindLabel } from './entry-text.js';

describe('entryText (the one rendering of an entry)', () => {
  it('renders each kind of this API as plain text', () => {
    expect(entryText('note', { text: 'SOB  on\nexertion', title: 'Clinic' })).toBe('SOB on exertion');
    expect(
      entryText('observation', {
        code: '2160-0',
        codeSystem: 'LOINC',
        display: 'Creatinine',
        value: 2.3,
        unit: 'mg/dL',
        referenceRange: { low: 0.6, high: 1.2 },
        abnormalFlag: 'H',
        status: 'final',
      }),
    ).toBe('Creatinine 2.3 mg/dL (ref 0.6–1.2) H');
    expect(
      entryText('medication', {
        name: 'Metformin',
        dose: '1000 mg',
        route: 'PO',
        frequency: 'BID',
        status: 'active',
      }),
    ).toBe('Metformin 1000 mg PO BID (active)');
    expect(
      entryText('problem', { codeSystem: 'ICD-10', code: 'I21.4', display: 'NSTEMI', status: 'resolved' }),
    ).toBe('NSTEMI (I21.4), resolved');
    expect(entryText('allergy', { substance: 'Penicillin', reaction: 'hives' })).toBe(
      'Penicillin — reaction: hives',
    );
  });

  it('reads foreign shapes and unknown kinds deterministically', () => {
    expect(entryText('lab', { test: 'Troponin I', value: 'negative' })).toBe('Troponin I: negative');
    expect(entryText('custom', { b: 'two', a: 1, nested: { x: 1 } })).toBe('a: 1; b: two');
    expect(entryText('note', 'plain string body')).toBe('plain string body');
    expect(kindLabel('observation')).toBe('Result');
    expect(kindLabel('imaging')).toBe('Imaging');
    expect(kindLabel('referral')).toBe('Referral');
  });
});
