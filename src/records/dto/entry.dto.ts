import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { instant } from '../../common/http/input-schemas.js';
import { ENTRY_BODY_SCHEMAS, ENTRY_KINDS, type EntryKind } from '../entry-kinds.js';

/** One example body per kind, shown in the API documentation beside that kind's schema. */
const BODY_EXAMPLES: Record<EntryKind, Record<string, unknown>> = {
  note: { title: 'Ward round', text: 'Breathless on exertion since Tuesday; ankles swollen.' },
  problem: {
    codeSystem: 'ICD-10',
    code: 'I50.9',
    display: 'Heart failure',
    status: 'active',
    onset: '2025-11-02',
  },
  medication: {
    codeSystem: 'ATC',
    code: 'C03CA01',
    name: 'Furosemide',
    dose: '40 mg',
    route: 'oral',
    frequency: 'once daily',
  },
  allergy: { substance: 'Penicillin', reaction: 'urticaria', severity: 'moderate' },
  observation: {
    codeSystem: 'LOINC',
    code: '2160-0',
    display: 'Creatinine',
    value: 1.4,
    unit: 'mg/dL',
    referenceRange: { low: 0.6, high: 1.2 },
    abnormalFlag: 'H',
  },
  encounter: { type: 'inpatient', reason: 'Decompensated heart failure', location: 'Cardiology ward 4B' },
  procedure: { codeSystem: 'SNOMED-CT', code: '40701008', display: 'Echocardiography', outcome: 'EF 35%' },
  document: {
    title: 'Discharge letter',
    contentType: 'text/plain',
    text: 'Admitted with worsening breathlessness…',
  },
};

const occurredAt = instant().meta({
  description: 'when it happened (ISO 8601 instant)',
  example: '2026-03-14T09:30:00Z',
});
const bodyOf = (kind: EntryKind) =>
  ENTRY_BODY_SCHEMAS[kind].meta({
    id: `${kind[0]!.toUpperCase()}${kind.slice(1)}EntryBody`,
    description: `the body of a ${kind} entry`,
    example: BODY_EXAMPLES[kind],
  });

/** A new entry: the body is validated by the schema of its kind (src/records/entry-kinds.ts). */
export const CreateEntryDto = z
  .discriminatedUnion(
    'kind',
    ENTRY_KINDS.map((kind) =>
      z.strictObject({ kind: z.literal(kind).meta({ example: kind }), occurredAt, body: bodyOf(kind) }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .meta({ id: 'CreateEntryDto' });
export type CreateEntryDto = { kind: EntryKind; occurredAt: string; body: Record<string, unknown> };

/** An amendment: the body is validated by the schema of the entry's kind, which does not change. */
export const AmendEntryDto = z
  .strictObject({
    occurredAt: occurredAt.optional().meta({ description: 'ISO 8601 instant; unchanged when absent' }),
    body: z.record(z.string(), z.unknown()).meta({
      description: "the whole new body, valid for the entry's kind (the *EntryBody schemas)",
      example: BODY_EXAMPLES.note,
    }),
  })
  .meta({ id: 'AmendEntryDto' });
export type AmendEntryDto = z.infer<typeof AmendEntryDto>;

export const TimelineQueryDto = z.strictObject({
  kind: z
    .enum(ENTRY_KINDS)
    .optional()
    .meta({ description: 'only entries of this kind', example: 'observation' }),
  cursor: z.string().max(200).optional().meta({
    description: "the previous page's nextCursor",
    example: 'MjAyNi0wMy0xNFQwOTozMDowMFp8N2Q5ZjNhMTA',
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'page size (default 50)', example: 50 }),
});
export type TimelineQueryDto = z.infer<typeof TimelineQueryDto>;

export class EntryProvenanceDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the user who wrote it; null when imported',
    example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52',
  })
  recordedById!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the HL7 message it came from', example: null })
  sourceMessageId!: string | null;
  @ApiProperty({ example: '2026-03-14T09:31:12.000Z' }) recordedAt!: Date;
}

export class EntryDto {
  @ApiProperty({ format: 'uuid', example: '5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }) id!: string;
  @ApiProperty({ format: 'uuid', example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01' }) patientId!: string;
  @ApiProperty({ enum: ENTRY_KINDS, example: 'observation' }) kind!: string;
  @ApiProperty({ example: '2026-03-14T09:30:00.000Z' }) occurredAt!: Date;
  @ApiProperty({ description: '1 for the first version', example: 1 }) version!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'as the *EntryBody schema of its kind',
    example: BODY_EXAMPLES.observation,
  })
  body!: object;
  @ApiProperty({
    description: 'the body as plain text: what retrieval ranks and report citations quote',
    example: 'Creatinine 1.4 mg/dL (H) [0.6–1.2]',
  })
  text!: string;
  @ApiProperty({ type: EntryProvenanceDto }) provenance!: EntryProvenanceDto;
}

export class TimelinePageDto {
  @ApiProperty({ type: EntryDto, isArray: true }) items!: EntryDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the next page; null on the last',
    example: 'MjAyNi0wMy0xNFQwOTozMDowMFp8N2Q5ZjNhMTA',
  })
  nextCursor!: string | null;
}
