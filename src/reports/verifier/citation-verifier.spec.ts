import { toEvidence, type EvidenceEntry } from '../evidence/evidence-entry.js';
import type { Citation, ReportSentence } from '../report.types.js';
import { CitationVerifier } from './citation-verifier.js';

const creatinineJan = toEvidence({
  id: 'e1',
  kind: 'observation',
  occurredAt: '2026-01-10T08:00:00Z',
  body: { name: 'Creatinine', value: 1.1, unit: 'mg/dL', referenceRange: { low: 0.6, high: 1.2 } },
});
const creatinineMar = toEvidence({
  id: 'e2',
  kind: 'observation',
  occurredAt: '2026-03-04T08:00:00Z',
  body: {
    name: 'Creatinine',
    value: 1.4,
    unit: 'mg/dL',
    referenceRange: { low: 0.6, high: 1.2 },
    interpretation: 'H',
  },
});
const note = toEvidence({
  id: 'e3',
  kind: 'note',
  occurredAt: '2026-03-05T10:00:00Z',
  body: {
    text: 'Patient denies chest pain. Started lisinopril 10 mg daily on 12 February 2026. Bilateral ankle edema noted.',
  },
});
const problem = toEvidence({
  id: 'e4',
  kind: 'problem',
  occurredAt: '2024-02-01T00:00:00Z',
  body: { name: 'Chronic kidney disease stage 3a', code: 'N18.31', onset: '2024-02-01', status: 'active' },
});

const whole = (e: EvidenceEntry): Citation => ({
  entryId: e.id,
  quote: e.text,
  start: 0,
  end: e.text.length,
});
const span = (e: EvidenceEntry, quote: string): Citation => {
  const start = e.text.indexOf(quote);
  if (start < 0) throw new Error(`test quote not in entry: ${quote}`);
  return { entryId: e.id, quote, start, end: start + quote.length };
};
const verifier = new CitationVerifier([creatinineJan, creatinineMar, note, problem]);
const verify = (text: string, ...citations: Citation[]) =>
  verifier.verify({ text, citations } as ReportSentence).sentence;

describe('CitationVerifier', () => {
  it('renders observations as one stable quotable text', () => {
    expect(creatinineMar.text).toBe('2026-03-04 Result: Creatinine 1.4 mg/dL (ref 0.6–1.2) H');
  });

  it('accepts a sentence whose values, units and dates are in its quote', () => {
    expect(
      verify('Latest creatinine 1.40 mg/dl on 4 March 2026 (H).', whole(creatinineMar)).unsupported,
    ).toBeUndefined();
    expect(verify('Cr 1.4 mg/dL, above range.', whole(creatinineMar)).unsupported).toBeUndefined();
  });

  it('flags an uncited sentence', () => {
    expect(verify('Creatinine is 1.4 mg/dL.').unsupported?.code).toBe('uncited');
  });

  it('removes and flags a forged entry id', () => {
    const result = verify('Creatinine 1.4 mg/dL.', whole(creatinineMar), {
      entryId: 'other-patient',
      quote: 'x',
      start: 0,
      end: 1,
    });
    expect(result.unsupported?.code).toBe('forged-citation');
    expect(result.citations.map((c) => c.entryId)).toEqual(['e2']);
  });

  it('re-locates a quote with wrong offsets and drops a made-up quote', () => {
    const moved = verify('Patient denies chest pain.', {
      ...span(note, 'Patient denies chest pain.'),
      start: 5,
      end: 9,
    });
    expect(moved.unsupported).toBeUndefined();
    expect(moved.citations[0]!.start).toBe(note.text.indexOf('Patient denies'));
    expect(
      verify('Chest pain.', { entryId: 'e3', quote: 'Crushing chest pain.', start: 0, end: 5 }).unsupported
        ?.code,
    ).toBe('quote-mismatch');
  });

  it.each([
    ['Creatinine 1.6 mg/dL on 2026-03-04.', 'number'],
    ['Creatinine 1.4 mmol/L on 2026-03-04.', 'unit'],
    ['Creatinine 1.4 mg/dL on 2026-03-14.', 'date'],
  ])('flags %s as %s', (text, code) => {
    expect(verify(text, whole(creatinineMar)).unsupported?.code).toBe(code);
  });

  it('flags a wrong drug and a wrong code', () => {
    expect(
      verify(
        'Started losartan 10 mg daily on 12 February 2026.',
        span(note, 'Started lisinopril 10 mg daily on 12 February 2026.'),
      ).unsupported?.code,
    ).toBe('drug');
    expect(verify('Chronic kidney disease stage 3a (N18.32).', whole(problem)).unsupported?.code).toBe(
      'code',
    );
  });

  it('flags a flipped negation either way', () => {
    expect(
      verify('The patient reports chest pain.', span(note, 'Patient denies chest pain.')).unsupported?.code,
    ).toBe('negation');
    expect(verify('No ankle edema.', span(note, 'Bilateral ankle edema noted.')).unsupported?.code).toBe(
      'negation',
    );
    expect(
      verify('No chest pain reported.', span(note, 'Patient denies chest pain.')).unsupported,
    ).toBeUndefined();
  });

  it('checks trend words against the chronological order of the cited values', () => {
    expect(
      verify('Creatinine rose from 1.1 mg/dL to 1.4 mg/dL.', whole(creatinineJan), whole(creatinineMar))
        .unsupported,
    ).toBeUndefined();
    expect(
      verify('Creatinine fell from 1.1 mg/dL to 1.4 mg/dL.', whole(creatinineJan), whole(creatinineMar))
        .unsupported?.code,
    ).toBe('trend');
    expect(
      verify('Creatinine fell to 1.1 mg/dL from 1.4 mg/dL.', whole(creatinineMar), whole(creatinineJan))
        .unsupported?.code,
    ).toBe('trend');
  });

  it('flags a claim its quote does not support', () => {
    expect(
      verify('Chest radiograph showed lobar consolidation.', whole(creatinineMar)).unsupported?.code,
    ).toBe('low-support');
  });
});

describe('decimal commas', () => {
  const frenchNote = toEvidence({
    id: 'fr',
    kind: 'note',
    occurredAt: '2026-03-15T11:00:00Z',
    body: { text: 'Patiente suivie pour insuffisance rénale chronique. Créatinine 1,9 mg/dL, en hausse.' },
  });
  const englishNote = toEvidence({
    id: 'en',
    kind: 'note',
    occurredAt: '2026-03-15T11:00:00Z',
    body: { text: 'Platelets 1,900 on the smear; doses 1, 2 and 3 mg were given.' },
  });
  const verifier = new CitationVerifier([frenchNote, englishNote]);
  const code = (text: string, entry: EvidenceEntry) =>
    verifier.verify({ text, citations: [whole(entry)] }).sentence.unsupported?.code;

  it('reads "1,9" in a French note as 1.9, in the quote and in a French or English sentence', () => {
    expect(code('Créatinine 1,9 mg/dL, en hausse.', frenchNote)).toBeUndefined();
    expect(code('Creatinine 1.9 mg/dL.', frenchNote)).toBeUndefined();
    expect(code('Créatinine 2,9 mg/dL, en hausse.', frenchNote)).toBe('number');
    expect(code('Creatinine 9 mg/dL.', frenchNote)).toBe('number');
  });

  it('keeps English thousands and lists: "1,900" is 1900, "1, 2" two numbers', () => {
    expect(code('Platelets 1,900 on the smear.', englishNote)).toBeUndefined();
    expect(code('Platelets 1900 on the smear.', englishNote)).toBeUndefined();
    expect(code('Platelets 1.9 on the smear.', englishNote)).toBe('number');
    expect(code('Doses 1, 2 and 3 mg were given.', englishNote)).toBeUndefined();
  });
});
