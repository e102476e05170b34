import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ENTRY_KINDS } from '../entry-kinds.js';

const BODY_DOC =
  'validated per kind, e.g. note {text, title?}; problem {codeSystem, code, display, status?, onset?}; ' +
  'observation {code, value, unit?, referenceRange?, abnormalFlag?}; see src/records/entry-kinds.ts';

export class CreateEntryDto {
  @ApiProperty({ enum: ENTRY_KINDS }) @IsIn(ENTRY_KINDS) kind!: string;
  @ApiProperty({ description: 'ISO 8601 instant' }) @IsISO8601({ strict: true }) occurredAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: BODY_DOC })
  @IsObject()
  body!: Record<string, unknown>;
}

export class AmendEntryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant; unchanged when absent' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: BODY_DOC })
  @IsObject()
  body!: Record<string, unknown>;
}

export class TimelineQueryDto {
  @ApiPropertyOptional({ enum: ENTRY_KINDS }) @IsOptional() @IsIn(ENTRY_KINDS) kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class EntryProvenanceDto {
  @ApiProperty({ nullable: true, type: String }) recordedById!: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceMessageId!: string | null;
  @ApiProperty() recordedAt!: Date;
}

export class EntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty({ enum: ENTRY_KINDS }) kind!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty() version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) body!: object;
  @ApiProperty({ description: 'the body as plain text: what retrieval ranks and report citations quote' })
  text!: string;
  @ApiProperty({ type: EntryProvenanceDto }) provenance!: EntryProvenanceDto;
}

export class TimelinePageDto {
  @ApiProperty({ type: EntryDto, isArray: true }) items!: EntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
