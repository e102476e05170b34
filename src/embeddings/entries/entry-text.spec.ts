import { entryText } from './entry-text.js';

describe('entryText', () => {
  it('renders each kind as searchable text', () => {
    expect(entryText('note', { text: 'SOB on exertion', title: 'Clinic' })).toBe('Clinic\nSOB on exertion');
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
    ).toBe('Creatinine 2.3 mg/dL (ref 0.6-1.2) H (LOINC 2160-0)');
    expect(
      entryText('medication', {
        name: 'Metformin',
        dose: '1000 mg',
        route: 'PO',
        frequency: 'BID',
        status: 'active',
      }),
    ).toBe('Metformin 1000 mg PO BID');
    expect(
      entryText('problem', { codeSystem: 'ICD-10', code: 'I21.4', display: 'NSTEMI', status: 'resolved' }),
    ).toBe('NSTEMI (ICD-10 I21.4) [resolved]');
    expect(entryText('allergy', { substance: 'Penicillin', reaction: 'hives' })).toBe(
      'Allergy: Penicillin - hives',
    );
  });
});
