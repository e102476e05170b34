import fc from 'fast-check';
import { toEvidence } from '../evidence/evidence-entry.js';
import { noteSentences } from '../generator/note-sentences.js';
import { CitationVerifier } from './citation-verifier.js';

const UNITS = ['mg/dL', 'mmol/L', 'g/dL', 'ng/L', 'pg/mL', 'mIU/L', 'U/L', '%', 'mmHg', 'bpm'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const observation = fc.record({
  value: fc.integer({ min: 1, max: 99_999 }).map((n) => n / 100),
  unit: fc.constantFrom(...UNITS),
  day: fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
});

function setup({ value, unit, day }: { value: number; unit: string; day: Date }) {
  const entry = toEvidence({
    id: 'e1',
    kind: 'observation',
    occurredAt: day,
    body: { name: 'Ferritin', value, unit },
  });
  const verifier = new CitationVerifier([entry]);
  const cite = [{ entryId: 'e1', quote: entry.text, start: 0, end: entry.text.length }];
  return {
    entry,
    check: (text: string) => verifier.verify({ text, citations: cite }).sentence.unsupported?.code,
  };
}

describe('citation verifier properties', () => {
  it('accepts the value, unit and date as written in any supported date format', () => {
    fc.assert(
      fc.property(observation, fc.integer({ min: 0, max: 2 }), (obs, format) => {
        const { entry, check } = setup(obs);
        const [y, m, d] = entry.date.split('-').map(Number) as [number, number, number];
        const date = [entry.date, `${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1]} ${d}, ${y}`][format]!;
        expect(check(`Ferritin was ${obs.value} ${obs.unit} on ${date}.`)).toBeUndefined();
      }),
    );
  });

  it('flags any other value, any other unit and any other day', () => {
    fc.assert(
      fc.property(
        observation,
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom(...UNITS),
        fc.integer({ min: 1, max: 400 }),
        (obs, delta, otherUnit, shift) => {
          const { entry, check } = setup(obs);
          const other = Math.round((obs.value + delta / 100) * 100) / 100;
          expect(check(`Ferritin was ${other} ${obs.unit}.`)).toBe('number');
          if (otherUnit !== obs.unit) expect(check(`Ferritin was ${obs.value} ${otherUnit}.`)).toBe('unit');
          const moved = new Date(entry.time + shift * 86_400_000).toISOString().slice(0, 10);
          expect(check(`Ferritin was ${obs.value} ${obs.unit} on ${moved}.`)).toBe('date');
        },
      ),
    );
  });

  it('note sentences are exact spans of the entry text', () => {
    const word = fc.stringMatching(/^[A-Za-z][a-z]{0,9}$/);
    const sentenceArb = fc.array(word, { minLength: 2, maxLength: 12 }).map((w) => `${w.join(' ')}.`);
    fc.assert(
      fc.property(
        fc.array(sentenceArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(' ', '  ', '\n'),
        (sentences, gap) => {
          const entry = toEvidence({
            id: 'n',
            kind: 'note',
            occurredAt: '2026-01-01',
            body: { text: sentences.join(gap) },
          });
          for (const span of noteSentences(entry))
            expect(entry.text.slice(span.start, span.end)).toBe(span.text);
        },
      ),
    );
  });
});
