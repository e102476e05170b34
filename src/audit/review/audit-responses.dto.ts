import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_FLAGS, type EventFlag } from './audit-filter.dto.js';

/**
 * The compliance review's responses (audit-query.service.ts, audit-verifier.ts,
 * audit-checkpoints.ts): metadata, sequence numbers and hashes, never clinical content.
 */
const SEQ = { description: 'sequence number in the hash chain (a decimal string: it may pass 2^53)' };

export class AuditActorDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52',
  })
  userId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'clinician' }) role!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'client IP address', example: '10.20.30.40' })
  address!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0 (X11; Linux x86_64)' })
  userAgent!: string | null;
}

export class AuditEntityDto {
  @ApiProperty({ example: 'Entry' }) type!: string;
  @ApiProperty({ type: [String], example: ['5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e'] }) ids!: string[];
}

export class AuditEventDto {
  @ApiProperty({ ...SEQ, example: '1042' }) seq!: string;
  @ApiProperty({ format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }) id!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-14T09:30:01.123Z' }) recordedAt!: string;
  @ApiProperty({ description: 'event type code', example: 'entry.read' }) type!: string;
  @ApiProperty({ enum: ['C', 'R', 'U', 'D', 'E'], example: 'R' }) action!: string;
  @ApiProperty({ enum: ['success', 'failure', 'denied'], example: 'success' }) outcome!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ type: String, nullable: true, example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01' })
  patientId!: string | null;
  @ApiProperty({ type: AuditEntityDto, nullable: true }) entity!: AuditEntityDto | null;
  @ApiProperty({ type: String, nullable: true, enum: ['treatment', 'emergency'], example: 'treatment' })
  purposeOfUse!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'a break-the-glass reason, unsealed for the reviewer',
    example: null,
  })
  reason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '5f0c6b9e-3a52-4c1e-9a7d-2f4b8c1d9e07' })
  correlationId!: string | null;
  @ApiProperty({ enum: EVENT_FLAGS, isArray: true, example: ['after-hours'] }) flags!: EventFlag[];
}

export class AuditFlagTotalsDto {
  @ApiProperty({ example: 2 }) 'break-glass'!: number;
  @ApiProperty({ example: 5 }) denied!: number;
  @ApiProperty({ example: 14 }) 'after-hours'!: number;
  @ApiProperty({ example: 1 }) 'outside-care-team'!: number;
  @ApiProperty({ example: 0 }) 'own-user-care-team'!: number;
}

export class AuditEventsPageDto {
  @ApiProperty({ type: AuditEventDto, isArray: true }) items!: AuditEventDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the next page; null on the last',
    example: '1042',
  })
  nextCursor!: string | null;
  @ApiProperty({ description: 'events matching the filter', example: 1287 }) total!: number;
  @ApiProperty({ type: AuditFlagTotalsDto, description: 'per flag, events matching the filter' })
  totals!: AuditFlagTotalsDto;
}

export class VolumeAnomalyDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }) actorUserId!: string;
  @ApiProperty({ format: 'date', description: 'the UTC day', example: '2026-03-13' }) day!: string;
  @ApiProperty({ description: 'patients whose records the actor read that day', example: 48 })
  distinctPatients!: number;
  @ApiProperty({ description: "the actor's usual number of patients a day", example: 9 }) baseline!: number;
}

export class AuditAnomaliesDto {
  @ApiProperty({ type: VolumeAnomalyDto, isArray: true }) volume!: VolumeAnomalyDto[];
}

export class WitnessCheckDto {
  @ApiProperty({ description: 'witnessed checkpoints compared with the database', example: 12 })
  checked!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the highest witnessed sequence number',
    example: '1000',
  })
  lastSeq!: string | null;
  @ApiProperty({ description: 'witness lines that could not be parsed (not compared)', example: 0 })
  unreadable!: number;
  @ApiProperty({ description: 'where the witness is kept', example: 'file data/audit-witness.log' })
  source!: string;
}

export class ChainBreakDto {
  @ApiProperty({ ...SEQ, example: '517' }) seq!: string;
  @ApiProperty({
    enum: [
      'modified',
      'missing',
      'inserted',
      'reordered',
      'truncated',
      'checkpoint-invalid',
      'checkpoint-mismatch',
      'checkpoint-missing',
    ],
    example: 'modified',
  })
  problem!: string;
  @ApiProperty({ description: 'what does not match, without PHI', example: 'hash does not match the event' })
  detail!: string;
}

export class VerifyReportDto {
  @ApiProperty({ example: true }) intact!: boolean;
  @ApiProperty({ ...SEQ, description: 'the first sequence number walked', example: '1' }) fromSeq!: string;
  @ApiProperty({ example: 1287 }) eventsChecked!: number;
  @ApiProperty({ ...SEQ, example: '1287' }) lastSeq!: string;
  @ApiProperty({ example: 12 }) checkpointsChecked!: number;
  @ApiProperty({ type: String, nullable: true, example: '1200' }) lastCheckpointSeq!: string | null;
  @ApiProperty({
    description: 'hash of event lastSeq (hex)',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  lastHash!: string;
  @ApiProperty({ type: WitnessCheckDto }) witness!: WitnessCheckDto;
  @ApiPropertyOptional({ type: ChainBreakDto, description: 'absent when intact' }) firstBad?: ChainBreakDto;
}

export class CheckpointDto {
  @ApiProperty({ ...SEQ, example: '1200' }) seq!: string;
  @ApiProperty({
    description: 'hash of event seq (hex)',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  hash!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-14T00:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ example: 'audit-2026-01' }) keyId!: string;
  @ApiProperty({ description: 'Ed25519 signature (base64)', example: 'MEUCIQD…' }) signature!: string;
}

export class CheckpointListDto {
  @ApiProperty({
    description: 'verifies every signature',
    example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n',
  })
  publicKeyPem!: string;
  @ApiProperty({ type: CheckpointDto, isArray: true, description: 'newest first' })
  checkpoints!: CheckpointDto[];
}
