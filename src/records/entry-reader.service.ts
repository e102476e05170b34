import { Injectable } from '@nestjs/common';
import { auditOf, type Caller } from '../access/caller.js';
import { isUuid, PatientAccessService } from '../access/patient-access.service.js';
import { AuditService, type PurposeOfUse } from '../audit/audit.service.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import { ENTRY_KINDS, type EntryBody, type EntryKind } from './entry-kinds.js';
import { ENTRY_BODY, type EntryVersionRow, type EntryView } from './entry-view.js';
import { decodeCursor, encodeCursor } from './timeline-cursor.js';

export interface TimelinePage {
  items: EntryView[];
  nextCursor: string | null;
}

type TimelineRow = EntryVersionRow & { kind: EntryKind };

/** Reads of the timeline: every one checks access, decrypts in memory, and is audited in its transaction. */
@Injectable()
export class EntryReaderService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: FieldCipher,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, current versions only; `limit` ≤ 100. */
  async timeline(
    patientId: string,
    query: { kind?: string; cursor?: string; limit?: number },
    caller: Caller,
  ): Promise<TimelinePage> {
    if (query.kind && !ENTRY_KINDS.includes(query.kind as EntryKind)) {
      throw new DomainError('invalid_kind', `kind: must be one of ${ENTRY_KINDS.join(', ')}`);
    }
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 100);
    return this.prisma.$transaction(async (tx) => {
      const { purposeOfUse } = await this.access.requireAccess(caller, patientId, tx);
      const rows = await tx.$queryRaw<TimelineRow[]>`
        SELECT v."id", v."entry_id" AS "entryId", v."patient_id" AS "patientId", v."version",
               e."occurred_at" AS "occurredAt", v."body", v."recorded_by_id" AS "recordedById",
               v."source_message_id" AS "sourceMessageId", v."recorded_at" AS "recordedAt", e."kind"::text AS "kind"
        FROM "entries" e
        JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
        WHERE e."patient_id" = ${patientId}::uuid
          ${query.kind ? Prisma.sql`AND e."kind" = ${query.kind}::"EntryKind"` : Prisma.empty}
          ${after ? Prisma.sql`AND (e."occurred_at", e."id") < (${after.occurredAt}, ${after.id}::uuid)` : Prisma.empty}
        ORDER BY e."occurred_at" DESC, e."id" DESC
        LIMIT ${limit + 1}`;
      const page = rows.slice(0, limit);
      const items = await this.decryptAll(page, tx);
      await this.recordRead(
        'entry.list',
        patientId,
        items.map((i) => i.id),
        purposeOfUse,
        caller,
        tx,
      );
      const last = page[limit - 1];
      return {
        items,
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ occurredAt: last.occurredAt, id: last.entryId })
            : null,
      };
    });
  }

  async get(entryId: string, caller: Caller): Promise<EntryView> {
    return this.prisma.$transaction(async (tx) => {
      const { entry, purposeOfUse } = await this.authorised(entryId, caller, tx);
      const version = await tx.entryVersion.findUniqueOrThrow({
        where: { entryId_version: { entryId, version: entry.currentVersion } },
      });
      const [view] = await this.decryptAll(
        [{ ...version, occurredAt: entry.occurredAt, kind: entry.kind }],
        tx,
      );
      await this.recordRead('entry.read', entry.patientId, [entryId], purposeOfUse, caller, tx);
      return view!;
    });
  }

  /** Every version, oldest first: the amendment history. */
  async versions(entryId: string, caller: Caller): Promise<EntryView[]> {
    return this.prisma.$transaction(async (tx) => {
      const { entry, purposeOfUse } = await this.authorised(entryId, caller, tx);
      const versions = await tx.entryVersion.findMany({ where: { entryId }, orderBy: { version: 'asc' } });
      const views = await this.decryptAll(
        versions.map((v) => ({ ...v, kind: entry.kind })),
        tx,
      );
      await this.recordRead('entry.history', entry.patientId, [entryId], purposeOfUse, caller, tx);
      return views;
    });
  }

  /** The entry, if the caller may see its patient; otherwise the same 404 as a missing entry. */
  private async authorised(entryId: string, caller: Caller, tx: Db) {
    const entry = isUuid(entryId) ? await tx.entry.findUnique({ where: { id: entryId } }) : null;
    if (!entry) throw new NotFoundError('entry');
    const { purposeOfUse } = await this.access.requireAccess(caller, entry.patientId, tx).catch(() => {
      throw new NotFoundError('entry');
    });
    return { entry, purposeOfUse };
  }

  /** Rows of one patient (every read here is scoped to one), decrypted with one key lookup. */
  private async decryptAll(rows: TimelineRow[], tx: Db): Promise<EntryView[]> {
    if (!rows.length) return [];
    const bodies = await this.cipher.decryptManyForPatient<EntryBody>(
      rows[0]!.patientId,
      rows.map((row) => ({ ref: ENTRY_BODY(row.id), ciphertext: row.body })),
      tx,
    );
    return rows.map((row, i) => ({
      id: row.entryId,
      patientId: row.patientId,
      kind: row.kind,
      occurredAt: row.occurredAt,
      version: row.version,
      body: bodies[i]!,
      provenance: {
        recordedById: row.recordedById,
        sourceMessageId: row.sourceMessageId,
        recordedAt: row.recordedAt,
      },
    }));
  }

  private recordRead(
    type: string,
    patientId: string,
    ids: string[],
    purposeOfUse: PurposeOfUse,
    caller: Caller,
    tx: Db,
  ) {
    return this.audit.record(
      {
        type,
        action: 'R',
        outcome: 'success',
        patientId,
        entity: { type: 'Entry', ids },
        purposeOfUse,
        ...auditOf(caller),
      },
      tx,
    );
  }
}
