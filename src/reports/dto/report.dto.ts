import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SECTION_TITLES } from '../report.types.js';
import { MemoryTraceDto } from './memory-trace.dto.js';

const SECTION_KEYS = Object.keys(SECTION_TITLES);

export class CreateReportDto {
  @ApiProperty({ description: 'the clinical question, e.g. "why is the creatinine rising?"' })
  @IsString()
  @Length(3, 500)
  question!: string;
}

export class CitationDto {
  @ApiProperty() @IsString() @MaxLength(64) entryId!: string;
  @ApiProperty({ description: 'exactly the cited entry text at [start, end)' })
  @IsString()
  @MaxLength(10_000)
  quote!: string;
  @ApiProperty() @IsInt() @Min(0) start!: number;
  @ApiProperty() @IsInt() @Min(0) end!: number;
}

export class UnsupportedDto {
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
}

export class SentenceDto {
  @ApiProperty() @IsString() @Length(1, 2000) text!: string;
  @ApiProperty({ type: CitationDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CitationDto)
  citations!: CitationDto[];
  @ApiPropertyOptional({ type: UnsupportedDto, description: 'set by the verifier: not shown as fact' })
  unsupported?: UnsupportedDto;
}

export class SectionEditDto {
  @ApiProperty({ enum: SECTION_KEYS }) @IsIn(SECTION_KEYS) key!: string;
  @ApiProperty({ type: SentenceDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SentenceDto)
  sentences!: SentenceDto[];
}

export class EditReportDto {
  @ApiProperty({ type: SectionEditDto, isArray: true, description: 'sections whose sentences are replaced' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SectionEditDto)
  sections!: SectionEditDto[];
}

export class SectionDto {
  @ApiProperty({ enum: SECTION_KEYS }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: SentenceDto, isArray: true }) sentences!: SentenceDto[];
  @ApiProperty({ type: String, isArray: true, description: 'what the record does not contain; never cited' })
  notices!: string[];
}

export class ReportDto {
  @ApiProperty() id!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ['draft', 'signed'] }) status!: string;
  @ApiProperty({ enum: ['extractive', 'llm'] }) generator!: string;
  @ApiPropertyOptional({ description: 'why the LLM draft was replaced by the extractive one' })
  fallbackReason?: string;
  @ApiProperty({ type: SectionDto, isArray: true, description: 'the Answer first, then the sections' })
  sections!: SectionDto[];
  @ApiPropertyOptional({
    type: MemoryTraceDto,
    description:
      'what the memory retrieved, cited and left out (absent on reports drafted before it was kept)',
  })
  trace?: MemoryTraceDto;
  @ApiProperty() revision!: number;
  @ApiProperty() unsupportedCount!: number;
  @ApiProperty() createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: String, nullable: true }) signedById!: string | null;
  @ApiProperty({ type: Date, nullable: true }) signedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) signedDigest!: string | null;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['text', 'markdown', 'pdf'], default: 'text' })
  @IsIn(['text', 'markdown', 'pdf'])
  format: 'text' | 'markdown' | 'pdf' = 'text';
}
