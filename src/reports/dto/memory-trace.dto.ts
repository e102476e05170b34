import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RetrievalWhyDto } from '../../retrieval/dto/retrieval.dto.js';
import { SECTION_TITLES } from '../report.types.js';

const SECTION_KEYS = Object.keys(SECTION_TITLES);
const ENTRY_ID = { format: 'uuid', example: '5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' };

export class TracedSignalsDto {
  @ApiProperty({ description: 'BM25 score / best BM25 score for the question', example: 0.82 }) bm25!: number;
  @ApiPropertyOptional({
    description: 'cosine similarity; absent while the entry awaits embedding',
    example: 0.64,
  })
  dense?: number;
  @ApiProperty({ description: 'recency prior exp(−ln2·age/365 d)', example: 0.97 }) recency!: number;
  @ApiProperty({ description: 'the kind prior applied (the question points at this kind)', example: true })
  kind!: boolean;
}

export class TracedRetrievalDto {
  @ApiProperty(ENTRY_ID) entryId!: string;
  @ApiProperty({ description: '1 = ranked first', example: 1 }) rank!: number;
  @ApiProperty({ example: 'observation' }) kind!: string;
  @ApiProperty({ example: '2026-03-14T09:30:00.000Z' }) occurredAt!: string;
  @ApiProperty({ example: 0.71 }) score!: number;
  @ApiProperty({ type: TracedSignalsDto }) signals!: TracedSignalsDto;
  @ApiProperty({ type: RetrievalWhyDto }) why!: RetrievalWhyDto;
  @ApiProperty({ description: 'the draft cites this entry', example: true }) cited!: boolean;
}

export class TracedCitationDto {
  @ApiProperty(ENTRY_ID) entryId!: string;
  @ApiProperty({ example: 'observation' }) kind!: string;
  @ApiProperty({ example: '2026-03-14T09:30:00.000Z' }) occurredAt!: string;
  @ApiPropertyOptional({
    description: 'rank in the retrieval list; absent: taken from the structured record',
    example: 1,
  })
  retrievedRank?: number;
  @ApiProperty({
    enum: SECTION_KEYS,
    isArray: true,
    description: 'sections whose sentences cite it',
    example: ['answer'],
  })
  sections!: string[];
}

export class MemoryTraceDto {
  @ApiProperty({ example: 'why is the creatinine rising?' }) question!: string;
  @ApiProperty({
    enum: ['ranked', 'unavailable'],
    description: 'unavailable: drafted without retrieval',
    example: 'ranked',
  })
  retrieval!: string;
  @ApiProperty({ type: TracedRetrievalDto, isArray: true, description: 'what retrieval ranked, best first' })
  retrieved!: TracedRetrievalDto[];
  @ApiProperty({ type: TracedCitationDto, isArray: true, description: 'every entry the draft cites' })
  cited!: TracedCitationDto[];
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'retrieved entry ids the draft does not cite',
    example: ['9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'],
  })
  leftOut!: string[];
  @ApiProperty({ description: "how many of the patient's entries the generator was given", example: 37 })
  entriesRead!: number;
}
