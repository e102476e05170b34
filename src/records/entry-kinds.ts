import { z } from 'zod';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { schemaProblems } from '../common/errors/validation-errors.js';

/** One schema per entry kind; a body is validated (strictly: unknown fields are refused) before encryption. */
const text = (max = 500) => z.string().trim().min(1).max(max);
const coding = {
  codeSystem: z
    .enum(['ICD-10', 'ICD-10-CM', 'SNOMED-CT', 'LOINC', 'RxNorm', 'ATC', 'CPT', 'local'])
    .optional(),
  code: text(64).optional(),
};

/** A version that withdraws what an earlier one said (HL7 OBX-11 D/W, MDM T11, ADT A23): kept, marked. */
const RETRACTED = 'entered-in-error';
const dateTime = z.iso.datetime({ offset: true });

/** One event of an imported encounter's history (ADT trigger), kept in every later version. */
const encounterEvent = z.strictObject({
  event: z.string().regex(/^A\d{2}$/),
  at: dateTime,
  /** Arrival order of the message (per-patient mapping order, src/ingest/README.md). */
  seq: z.number().int().nonnegative(),
  type: text(100).optional(),
  location: text(200).optional(),
  endedAt: dateTime.optional(),
  /** Undone by a later cancellation event (A11, A12, A13, A25, A26, A27, A38, A52, A53). */
  cancelledBy: z
    .string()
    .regex(/^A\d{2}$/)
    .optional(),
});

export const ENTRY_BODY_SCHEMAS = {
  note: z.strictObject({
    text: text(100_000),
    title: text(200).optional(),
    status: z.enum([RETRACTED]).optional(),
  }),
  problem: z.strictObject({
    ...coding,
    codeSystem: coding.codeSystem.unwrap(),
    code: text(64),
    display: text(),
    status: z.enum(['active', 'resolved', 'inactive']).default('active'),
    onset: z.iso.date().optional(),
  }),
  medication: z.strictObject({
    ...coding,
    name: text(),
    dose: text(100).optional(),
    route: text(100).optional(),
    frequency: text(100).optional(),
    status: z.enum(['active', 'stopped', 'completed']).default('active'),
    /** When it was stopped (HL7: a discontinued or cancelled order). */
    endedAt: dateTime.optional(),
  }),
  allergy: z.strictObject({
    ...coding,
    substance: text(),
    reaction: text().optional(),
    severity: z.enum(['mild', 'moderate', 'severe']).optional(),
  }),
  observation: z.strictObject({
    ...coding,
    code: text(64),
    display: text().optional(),
    value: z.union([z.number().finite(), text(1000)]),
    unit: text(50).optional(),
    referenceRange: z
      .strictObject({
        low: z.number().finite().optional(),
        high: z.number().finite().optional(),
        text: text(100).optional(),
      })
      .optional(),
    abnormalFlag: z.enum(['N', 'L', 'H', 'LL', 'HH', 'A', 'AA']).optional(),
    status: z.enum(['preliminary', 'final', 'corrected', RETRACTED]).default('final'),
    /** OBR-25 result status of the report the observation belongs to (HL7 table 0123). */
    reportStatus: z.enum(['O', 'I', 'S', 'A', 'P', 'C', 'R', 'F', 'X', 'Y', 'Z']).optional(),
  }),
  encounter: z.strictObject({
    type: text(100),
    reason: text().optional(),
    location: text(200).optional(),
    endedAt: dateTime.optional(),
    /** Imported encounters (ADT): state folded from `history`, which keeps every event and cancellation. */
    status: z.enum(['planned', 'in-progress', 'on-leave', 'finished', 'cancelled', RETRACTED]).optional(),
    startedAt: dateTime.optional(),
    pendingLocation: text(200).optional(),
    pendingDischarge: z.boolean().optional(),
    history: z.array(encounterEvent).max(500).optional(),
  }),
  procedure: z.strictObject({ ...coding, display: text(), outcome: text().optional() }),
  document: z.strictObject({
    title: text(200),
    contentType: z.enum(['text/plain', 'text/markdown']).default('text/plain'),
    text: text(1_000_000),
    /** Imported documents (MDM): TXA-17 completion status, or retracted (T11 cancel). */
    status: z
      .enum(['in-progress', 'dictated', 'documented', 'authenticated', 'legally-authenticated', RETRACTED])
      .optional(),
    /** TXA-19 availability. */
    availability: z.enum(['available', 'unavailable', 'obsolete', 'cancelled']).optional(),
    /** An addendum (T05/T06) or replacement (T09/T10) names the document it appends to or replaces. */
    relatesTo: z.strictObject({ entryId: z.uuid(), relation: z.enum(['appends', 'replaces']) }).optional(),
  }),
} as const;

export type EntryKind = keyof typeof ENTRY_BODY_SCHEMAS;
export const ENTRY_KINDS = Object.keys(ENTRY_BODY_SCHEMAS) as EntryKind[];
export type EntryBody = z.infer<(typeof ENTRY_BODY_SCHEMAS)[EntryKind]>;

/** The validated body, or a 400 naming every bad field (never echoing its value). */
export function parseEntryBody(kind: string, body: unknown): EntryBody {
  const schema = ENTRY_BODY_SCHEMAS[kind as EntryKind];
  if (!schema)
    throw new InvalidInputError([`kind: must be one of ${ENTRY_KINDS.join(', ')}`], 'invalid_kind');
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new InvalidInputError(schemaProblems(parsed.error.issues, 'body'), 'invalid_body');
  return parsed.data;
}
