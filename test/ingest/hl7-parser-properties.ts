import fc from 'fast-check';
import type { Hl7Delimiters } from '../../src/ingest/hl7/hl7-delimiters.js';
import { encodeHl7 } from '../../src/ingest/hl7/hl7-encoder.js';
import { Hl7Error } from '../../src/ingest/hl7/hl7-errors.js';
import { DEFAULT_HL7_LIMITS } from '../../src/ingest/hl7/hl7-limits.js';
import { Hl7Field, Hl7Message, Hl7Segment } from '../../src/ingest/hl7/hl7-message.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';

const SAMPLE = [
  'MSH|^~\\&|LAB|HOSP|ANAMNESIS|HOSP|20260101120000||ORU^R01^ORU_R01|MSG0001|P|2.5.1||||||UNICODE UTF-8',
  'PID|1||12345^^^HOSP^MR~67890^^^NATION^NI||DOE^JANE^Q||19800101|F',
  'OBR|1|A1|B1|2345-7^Glucose^LN',
  'OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L^mmol/L^UCUM|3.9-5.5|N|||F',
  'NTE|1||line one\\.br\\line two \\T\\ \\X4869\\',
].join('\r');

/** Punctuation only, so delimiters never collide with generated segment names. */
const delimiterChar = fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const delimiters: fc.Arbitrary<Hl7Delimiters> = fc
  .uniqueArray(delimiterChar, { minLength: 6, maxLength: 6 })
  .chain((chars) =>
    fc.boolean().map((withTruncation) => ({
      field: chars[0]!,
      component: chars[1]!,
      repetition: chars[2]!,
      escape: chars[3]!,
      subcomponent: chars[4]!,
      truncation: withTruncation ? chars[5] : undefined,
    })),
  );
const leaf = fc.string({ unit: 'grapheme', maxLength: 12 });
const field = fc
  .array(fc.array(fc.array(leaf, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((repetitions) => new Hl7Field(repetitions));
const segmentName = fc
  .stringMatching(/^[A-Z][A-Z0-9]{2}$/)
  .filter((name) => !['MSH', 'FHS', 'BHS', 'BTS', 'FTS'].includes(name));
const segment = fc
  .tuple(segmentName, fc.array(field, { maxLength: 8 }))
  .map(([name, fields]) => new Hl7Segment(name, [Hl7Field.EMPTY, ...fields]));

const message = fc
  .tuple(delimiters, fc.array(field, { minLength: 15, maxLength: 15 }), fc.array(segment, { maxLength: 6 }))
  .map(([d, headerFields, segments]) => {
    const encoding = d.component + d.repetition + d.escape + d.subcomponent + (d.truncation ?? '');
    const header = new Hl7Segment('MSH', [
      Hl7Field.EMPTY,
      Hl7Field.of(d.field),
      Hl7Field.of(encoding),
      ...headerFields,
      Hl7Field.of('UNICODE UTF-8'),
    ]);
    return new Hl7Message(d, 'UTF-8', [header, ...segments]);
  });

function parsesCleanly(input: Uint8Array | string): void {
  try {
    parseHl7(input, { ...DEFAULT_HL7_LIMITS, parseTimeoutMs: 1_000 });
  } catch (error) {
    if (!(error instanceof Hl7Error)) throw error;
  }
}

export interface ParserPropertyRuns {
  /** Encoded messages parsed back. */
  roundTrips: number;
  /** Arbitrary byte strings, and as many arbitrary texts after "MSH". */
  arbitrary: number;
  /** Byte mutations of a valid message. */
  mutations: number;
}

/**
 * The parser's properties, run in two tiers: a few thousand cases in the unit tier
 * (src/ingest/hl7/hl7-parser.property.spec.ts, seconds) and fuzzing scale in the int tier
 * (hl7-parser-fuzz.e2e.ts). Each tier draws fresh random cases on every run.
 */
export function parserProperties(runs: ParserPropertyRuns): void {
  it('parse ∘ encode is the identity, for any legal delimiters and any text', () => {
    fc.assert(
      fc.property(message, (original) => {
        const bytes = Buffer.from(encodeHl7(original));
        const parsed = parseHl7(bytes);
        expect(parsed.delimiters).toEqual(original.delimiters);
        expect(parsed.segments.map((s) => [s.name, s.fields.map((f) => f.repetitions)])).toEqual(
          original.segments.map((s) => [s.name, s.fields.map((f) => f.repetitions)]),
        );
      }),
      { numRuns: runs.roundTrips },
    );
  });

  it('never throws anything but Hl7Error on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => parsesCleanly(bytes)),
      { numRuns: runs.arbitrary },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => parsesCleanly(`MSH${text}`)),
      { numRuns: runs.arbitrary },
    );
  });

  it(`never throws anything but Hl7Error on ${runs.mutations} random mutations of a valid message`, () => {
    const base = Buffer.from(SAMPLE);
    const mutation = fc.array(
      fc.tuple(
        fc.nat({ max: base.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('set', 'insert', 'delete'),
      ),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(mutation, (edits) => {
        let bytes = Buffer.from(base);
        for (const [at, value, kind] of edits) {
          const i = Math.min(at, bytes.length - 1);
          if (kind === 'set') bytes[i] = value;
          else if (kind === 'insert')
            bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([value]), bytes.subarray(i)]);
          else bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
          if (bytes.length === 0) bytes = Buffer.from('M');
        }
        parsesCleanly(bytes);
      }),
      { numRuns: runs.mutations },
    );
  });
}
