import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { PG_POOL } from '../../database/prisma.service.js';
import { EVENT_COLUMNS, keysetBatches, toChainRow, type ChainRow } from '../audit-rows.js';
import { auditEvent } from '../audit-event.js';
import { AuditSequencer } from '../audit-sequencer.js';
import { AuditService } from '../audit.service.js';
import type { AuditActor } from '../audit.types.js';
import type { AuditExportQueryDto } from './audit-filter.dto.js';
import { whereSql } from './audit-sql.js';
import { toFhirAuditEvent } from './fhir-audit-event.js';

const CSV_HEADER = [
  'seq',
  'id',
  'recorded_at',
  'type',
  'action',
  'outcome',
  'actor_user_id',
  'actor_role',
  'actor_address',
  'actor_user_agent',
  'patient_id',
  'entity_type',
  'entity_ids',
  'purpose_of_use',
  'reason',
  'correlation_id',
  'hash',
];

/** RFC 4180 quoting; a leading = + - @ is defused so spreadsheets do not evaluate it. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(row: ChainRow): string {
  return (
    [
      row.seq.toString(),
      row.id,
      row.recordedAt.toISOString(),
      row.type,
      row.action,
      row.outcome,
      row.actorUserId,
      row.actorRole,
      row.actorAddress,
      row.actorUserAgent,
      row.patientId,
      row.entityType,
      row.entityIds.join(';'),
      row.purposeOfUse,
      row.reason,
      row.correlationId,
      row.hash.toString('hex'),
    ]
      .map(csvCell)
      .join(',') + '\r\n'
  );
}

/** Streams filtered events as CSV or FHIR R4 AuditEvent NDJSON, in keyset batches (constant memory). */
@Injectable()
export class AuditExportService {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly sequencer: AuditSequencer,
  ) {}

  /** Records the export (before any data leaves), then returns the stream of lines. */
  async export(
    query: AuditExportQueryDto,
    context: { actor: AuditActor; correlationId?: string },
  ): Promise<AsyncGenerator<string>> {
    const format = query.format ?? 'csv';
    await this.sequencer.drain();
    await this.audit.record(
      auditEvent('audit.export', { ...context, patientId: query.patientId ?? query.patient, ids: [format] }),
    );
    return this.lines(query, format);
  }

  private async *lines(query: AuditExportQueryDto, format: 'csv' | 'fhir'): AsyncGenerator<string> {
    if (format === 'csv') yield CSV_HEADER.join(',') + '\r\n';
    const where = whereSql(query, this.config, 2);
    const sql = `SELECT ${EVENT_COLUMNS} FROM "audit_events" WHERE "seq" > $1 AND ${where.sql} ORDER BY "seq" LIMIT $2`;
    const client = await this.pool.connect();
    try {
      for await (const batch of keysetBatches(
        client,
        sql,
        where.params,
        toChainRow,
        (r) => r.seq,
        0n,
        2000,
      )) {
        yield batch
          .map((row) => (format === 'csv' ? csvLine(row) : JSON.stringify(toFhirAuditEvent(row)) + '\n'))
          .join('');
      }
    } finally {
      client.release();
    }
  }
}
