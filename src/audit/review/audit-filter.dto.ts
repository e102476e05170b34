import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export const EVENT_FLAGS = [
  'break-glass',
  'denied',
  'after-hours',
  'outside-care-team',
  'own-user-care-team',
] as const;
export type EventFlag = (typeof EVENT_FLAGS)[number];

/** Filters shared by the events list and the exports. Every value reaches SQL as a parameter. */
export class AuditFilterDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorUserId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) patientId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'alias of actorUserId, kept for existing clients' })
  @IsOptional()
  @IsUUID()
  actor?: string;
  @ApiPropertyOptional({ description: 'alias of patientId, kept for existing clients' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  patient?: string;
  @ApiPropertyOptional({ enum: ['C', 'R', 'U', 'D', 'E'] })
  @IsOptional()
  @IsIn(['C', 'R', 'U', 'D', 'E'])
  action?: string;
  @ApiPropertyOptional({ enum: ['success', 'failure', 'denied'] })
  @IsOptional()
  @IsIn(['success', 'failure', 'denied'])
  outcome?: string;
  @ApiPropertyOptional({ description: 'event type code, or a prefix ending in "." (e.g. "auth.")' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.-]{0,99}$/)
  type?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive' })
  @IsOptional()
  @IsISO8601()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'exclusive' })
  @IsOptional()
  @IsISO8601()
  to?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only break-the-glass events' })
  @IsOptional()
  @IsIn(['true', 'false'])
  breakGlass?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only denied events' })
  @IsOptional()
  @IsIn(['true', 'false'])
  denied?: string;
  @ApiPropertyOptional({ enum: EVENT_FLAGS, description: 'only events carrying this anomaly flag' })
  @IsOptional()
  @IsIn(EVENT_FLAGS)
  flag?: EventFlag;
}

export class AuditEventsQueryDto extends AuditFilterDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Matches(/^\d{1,3}$/)
  limit?: string;
}

export class AuditExportQueryDto extends AuditFilterDto {
  @ApiPropertyOptional({ enum: ['csv', 'fhir'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'fhir'])
  format?: 'csv' | 'fhir';
}

export class AuditAnomaliesQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive; default 7 days ago' })
  @IsOptional()
  @IsISO8601()
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'exclusive; default now' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({
    enum: ['full', 'incremental'],
    default: 'full',
    description:
      'incremental: trust the latest signed checkpoint (checked) and walk only the events after it',
  })
  @IsOptional()
  @IsIn(['full', 'incremental'])
  mode?: 'full' | 'incremental';
}
