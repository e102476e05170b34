import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class RetrievalQueryDto {
  @ApiProperty({ description: 'A clinical question, e.g. "why is the creatinine rising?"', maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  question!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class PassageDto {
  @ApiProperty({ description: 'Offset into `text` where the matched passage starts' }) start!: number;
  @ApiProperty({ description: 'Offset into `text` where it ends (exclusive)' }) end!: number;
}

export class RetrievalSignalsDto {
  @ApiProperty({ description: 'BM25 score / best BM25 score for this question' }) lexical!: number;
  @ApiPropertyOptional({ description: 'Cosine similarity; absent while the entry awaits embedding' })
  dense?: number;
  @ApiProperty() recency!: number;
  @ApiProperty({ description: "The entry's kind is one the question's wording points at (kind prior)" })
  kind!: boolean;
}

export class RetrievalWhyDto {
  @ApiProperty({ type: String, isArray: true, description: "The question's own words found in the entry" })
  matchedTerms!: string[];
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Clinical-lexicon synonyms found in the entry that the question did not contain',
  })
  synonymsUsed!: string[];
  @ApiPropertyOptional({ description: 'Cosine similarity of entry and question; absent without vectors' })
  similarity?: number;
  @ApiProperty({ description: 'The kind of the entry is one the question asks about' }) kindMatch!: boolean;
  @ApiProperty({ description: 'Whole days between the entry and the question' }) ageDays!: number;
  @ApiProperty({ description: 'The reasons above as one plain-language sentence (English)' })
  summary!: string;
}

export class RetrievedEntryDto {
  @ApiProperty() entryId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty() version!: number;
  @ApiProperty() score!: number;
  @ApiProperty({ description: 'The entry as searchable text (the passage offsets point into it)' })
  text!: string;
  @ApiProperty({ type: PassageDto }) passage!: PassageDto;
  @ApiProperty({ type: RetrievalSignalsDto }) signals!: RetrievalSignalsDto;
  @ApiProperty({ type: RetrievalWhyDto, description: 'Why this entry was retrieved, in plain language' })
  why!: RetrievalWhyDto;
}

export class RetrievalResultDto {
  @ApiProperty({ description: 'Embedding model of the dense signal' }) modelId!: string;
  @ApiProperty({ description: 'Entries of the patient that had no vector under this model yet' })
  unembedded!: number;
  @ApiProperty({ type: RetrievedEntryDto, isArray: true }) results!: RetrievedEntryDto[];
}
