import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';

export const RetrievalQueryDto = z
  .strictObject({
    question: z.string().min(1).max(1000).meta({
      description: 'A clinical question, e.g. "why is the creatinine rising?"',
      example: 'why is the creatinine rising?',
    }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .meta({ description: 'how many entries (default 10)', example: 10 }),
  })
  .meta({ id: 'RetrievalQueryDto' });
export type RetrievalQueryDto = z.infer<typeof RetrievalQueryDto>;

export class PassageDto {
  @ApiProperty({ description: 'Offset into `text` where the matched passage starts', example: 0 })
  start!: number;
  @ApiProperty({ description: 'Offset into `text` where it ends (exclusive)', example: 34 }) end!: number;
}

export class RetrievalSignalsDto {
  @ApiProperty({ description: 'BM25 score / best BM25 score for this question', example: 0.82 })
  lexical!: number;
  @ApiPropertyOptional({
    description: 'Cosine similarity; absent while the entry awaits embedding',
    example: 0.64,
  })
  dense?: number;
  @ApiProperty({ description: 'recency prior, 1 for today', example: 0.97 }) recency!: number;
  @ApiProperty({
    description: "The entry's kind is one the question's wording points at (kind prior)",
    example: true,
  })
  kind!: boolean;
}

export class RetrievalWhyDto {
  @ApiProperty({
    type: String,
    isArray: true,
    description: "The question's own words found in the entry",
    example: ['creatinine'],
  })
  matchedTerms!: string[];
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Clinical-lexicon synonyms found in the entry that the question did not contain',
    example: ['renal function'],
  })
  synonymsUsed!: string[];
  @ApiPropertyOptional({
    description: 'Cosine similarity of entry and question; absent without vectors',
    example: 0.64,
  })
  similarity?: number;
  @ApiProperty({ description: 'The kind of the entry is one the question asks about', example: true })
  kindMatch!: boolean;
  @ApiProperty({ description: 'Whole days between the entry and the question', example: 12 })
  ageDays!: number;
  @ApiProperty({
    description: 'The reasons above as one plain-language sentence (English)',
    example: 'Mentions creatinine; a lab result, as the question asks; 12 days old.',
  })
  summary!: string;
}

export class RetrievedEntryDto {
  @ApiProperty({ format: 'uuid', example: '5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }) entryId!: string;
  @ApiProperty({ example: 'observation' }) kind!: string;
  @ApiProperty({ example: '2026-03-14T09:30:00.000Z' }) occurredAt!: Date;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ description: 'the combined ranking score', example: 0.71 }) score!: number;
  @ApiProperty({
    description: 'The entry as searchable text (the passage offsets point into it)',
    example: 'Creatinine 1.4 mg/dL (H) [0.6–1.2]',
  })
  text!: string;
  @ApiProperty({ type: PassageDto }) passage!: PassageDto;
  @ApiProperty({ type: RetrievalSignalsDto }) signals!: RetrievalSignalsDto;
  @ApiProperty({ type: RetrievalWhyDto, description: 'Why this entry was retrieved, in plain language' })
  why!: RetrievalWhyDto;
}

export class RetrievalResultDto {
  @ApiProperty({ description: 'Embedding model of the dense signal', example: 'glove-sif-100d' })
  modelId!: string;
  @ApiProperty({ description: 'Entries of the patient that had no vector under this model yet', example: 0 })
  unembedded!: number;
  @ApiProperty({ type: RetrievedEntryDto, isArray: true }) results!: RetrievedEntryDto[];
}
