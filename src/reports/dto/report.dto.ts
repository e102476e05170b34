import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { SECTION_TITLES } from '../report.types.js';
import { MemoryTraceDto } from './memory-trace.dto.js';
import { ReportSummaryDto } from './report-list.dto.js';

const SECTION_KEYS = Object.keys(SECTION_TITLES) as [string, ...string[]];

export const CreateReportDto = z
  .strictObject({
    question: z.string().min(3).max(500).meta({
      description: 'the clinical question',
      example: 'why is the creatinine rising?',
    }),
  })
  .meta({ id: 'CreateReportDto' });
export type CreateReportDto = z.infer<typeof CreateReportDto>;

const citation = z.strictObject({
  entryId: z.string().max(64).meta({ example: '5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }),
  quote: z
    .string()
    .max(10_000)
    .meta({ description: 'exactly the cited entry text at [start, end)', example: 'Creatinine 1.4 mg/dL' }),
  start: z.number().int().min(0).meta({ example: 0 }),
  end: z.number().int().min(0).meta({ example: 20 }),
});

/** Replaces the sentences of the named sections; each edited sentence is verified again. */
export const EditReportDto = z
  .strictObject({
    sections: z
      .array(
        z.strictObject({
          key: z.enum(SECTION_KEYS).meta({ example: 'answer' }),
          sentences: z
            .array(
              z.strictObject({
                text: z
                  .string()
                  .min(1)
                  .max(2000)
                  .meta({ example: 'Creatinine rose from 1.1 to 1.4 mg/dL since January.' }),
                citations: z.array(citation).max(20),
              }),
            )
            .max(100),
        }),
      )
      .max(20)
      .meta({ description: 'sections whose sentences are replaced' }),
  })
  .meta({ id: 'EditReportDto' });
export type EditReportDto = z.infer<typeof EditReportDto>;

export class CitationDto {
  @ApiProperty({ format: 'uuid', example: '5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }) entryId!: string;
  @ApiProperty({
    description: 'exactly the cited entry text at [start, end)',
    example: 'Creatinine 1.4 mg/dL',
  })
  quote!: string;
  @ApiProperty({ example: 0 }) start!: number;
  @ApiProperty({ example: 20 }) end!: number;
}

export class UnsupportedDto {
  @ApiProperty({ example: 'no_citation' }) code!: string;
  @ApiProperty({ example: 'no cited entry supports this sentence' }) reason!: string;
}

export class SentenceDto {
  @ApiProperty({ example: 'Creatinine rose from 1.1 to 1.4 mg/dL since January.' }) text!: string;
  @ApiProperty({ type: CitationDto, isArray: true }) citations!: CitationDto[];
  @ApiPropertyOptional({ type: UnsupportedDto, description: 'set by the verifier: not shown as fact' })
  unsupported?: UnsupportedDto;
}

export class SectionDto {
  @ApiProperty({ enum: SECTION_KEYS, example: 'answer' }) key!: string;
  @ApiProperty({ example: 'Answer' }) title!: string;
  @ApiProperty({ type: SentenceDto, isArray: true }) sentences!: SentenceDto[];
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'what the record does not contain; never cited',
    example: ['No urine albumin result on record.'],
  })
  notices!: string[];
}

/** A whole report: its summary (as in the list) with the patient, the sections, the trace and the signature digest. */
export class ReportDto extends ReportSummaryDto {
  @ApiProperty({ format: 'uuid', example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01' }) patientId!: string;
  @ApiPropertyOptional({
    description: 'why the LLM draft was replaced by the extractive one',
    example: 'the language model did not answer in time',
  })
  fallbackReason?: string;
  @ApiProperty({ type: SectionDto, isArray: true, description: 'the Answer first, then the sections' })
  sections!: SectionDto[];
  @ApiPropertyOptional({
    type: MemoryTraceDto,
    description:
      'what the memory retrieved, cited and left out (absent on reports drafted before it was kept)',
  })
  trace?: MemoryTraceDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SHA-256 of the signed content (hex)',
    example: null,
  })
  signedDigest!: string | null;
}

export const ExportQueryDto = z.strictObject({
  format: z.enum(['text', 'markdown', 'pdf']).default('text').meta({ example: 'pdf' }),
});
export type ExportQueryDto = z.infer<typeof ExportQueryDto>;
