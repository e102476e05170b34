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
}

export class RetrievalResultDto {
  @ApiProperty({ description: 'Embedding model of the dense signal' }) modelId!: string;
  @ApiProperty({ description: 'Entries of the patient that had no vector under this model yet' })
  unembedded!: number;
  @ApiProperty({ type: RetrievedEntryDto, isArray: true }) results!: RetrievedEntryDto[];
}
