import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RetrievalWhyDto } from '../../retrieval/dto/retrieval.dto.js';
import { SECTION_TITLES } from '../report.types.js';

const SECTION_KEYS = Object.keys(SECTION_TITLES);

export class TracedSignalsDto {
  @ApiProperty({ description: 'BM25 score / best BM25 score for the question' }) bm25!: number;
  @ApiPropertyOptional({ description: 'cosine similarity; absent while the entry awaits embedding' })
  dense?: number;
  @ApiProperty({ description: 'recency prior exp(−ln2·age/365 d)' }) recency!: number;
  @ApiProperty({ description: 'the kind prior applied (the question points at this kind)' }) kind!: boolean;
}

export class TracedRetrievalDto {
  @ApiProperty() entryId!: string;
  @ApiProperty({ description: '1 = ranked first' }) rank!: number;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ type: TracedSignalsDto }) signals!: TracedSignalsDto;
  @ApiProperty({ type: RetrievalWhyDto }) why!: RetrievalWhyDto;
  @ApiProperty({ description: 'the draft cites this entry' }) cited!: boolean;
}

export class TracedCitationDto {
  @ApiProperty() entryId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: string;
  @ApiPropertyOptional({
    description: 'rank in the retrieval list; absent: taken from the structured record',
  })
  retrievedRank?: number;
  @ApiProperty({ enum: SECTION_KEYS, isArray: true, description: 'sections whose sentences cite it' })
  sections!: string[];
}

export class MemoryTraceDto {
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ['ranked', 'unavailable'], description: 'unavailable: drafted without retrieval' })
  retrieval!: string;
  @ApiProperty({ type: TracedRetrievalDto, isArray: true, description: 'what retrieval ranked, best first' })
  retrieved!: TracedRetrievalDto[];
  @ApiProperty({ type: TracedCitationDto, isArray: true, description: 'every entry the draft cites' })
  cited!: TracedCitationDto[];
  @ApiProperty({ type: String, isArray: true, description: 'retrieved entry ids the draft does not cite' })
  leftOut!: string[];
  @ApiProperty({ description: "how many of the patient's entries the generator was given" })
  entriesRead!: number;
}
