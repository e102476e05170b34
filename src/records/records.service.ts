import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditOf, type Caller } from '../access/caller.js';
import { isUuid, PatientAccessService } from '../access/patient-access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Provenance } from '../patients/patients.service.js';
import { parseEntryBody, type EntryKind } from './entry-kinds.js';
import { ENTRY_BODY, type EntryView } from './entry-view.js';

export interface NewEntry {
  kind: string;
  occurredAt: Date;
  body: unknown;
  /** External reference (e.g. `<message id>/OBX/3`): an entry with the same one is not stored twice. */
  sourceRef?: string;
}

export interface AddedEntries {
  /** Ids of the new entries, in input order (skipped ones left out). */
  entryIds: string[];
  /** sourceRefs already stored for this patient: not stored again. */
  skipped: string[];
}

/** Writes to the timeline: new entries and amendments (new versions), each with provenance. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: FieldCipher,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
  ) {}

  /** `POST /patients/:id/entries`: one entry by a user, audited in the same transaction. */
  async addEntry(patientId: string, entry: NewEntry, caller: Caller): Promise<EntryView> {
    return this.prisma.$transaction(async (tx) => {
      const { purposeOfUse } = await this.access.requireAccess(caller, patientId, tx);
      const views = await this.insert(patientId, [entry], { userId: caller.principal.userId }, tx);
      await this.audit.record(
        {
          type: 'entry.create',
          action: 'C',
          outcome: 'success',
          patientId,
          entity: { type: 'Entry', ids: views.map((v) => v.id) },
          purposeOfUse,
          ...auditOf(caller),
        },
        tx,
      );
      return views[0]!;
    });
  }

  /**
   * For the HL7 import (and other system writers), inside THEIR transaction: validates every body
   * first (400 naming `entries[i].body.field`), skips sourceRefs already stored, encrypts with one
   * key lookup and inserts in two multi-row statements. The caller records its own audit event.
   */
  async addEntries(
    patientId: string,
    entries: NewEntry[],
    provenance: Provenance,
    tx: Db,
  ): Promise<AddedEntries> {
    const refs = entries.map((e) => e.sourceRef).filter((ref): ref is string => !!ref);
    const stored = refs.length
      ? new Set(
          (
            await tx.entry.findMany({
              where: { patientId, sourceRef: { in: refs } },
              select: { sourceRef: true },
            })
          ).map((e) => e.sourceRef!),
        )
      : new Set<string>();
    const seen = new Set<string>();
    const fresh = entries.filter((e) => {
      if (!e.sourceRef) return true;
      const duplicate = stored.has(e.sourceRef) || seen.has(e.sourceRef);
      seen.add(e.sourceRef);
      return !duplicate;
    });
    const views = await this.insert(patientId, fresh, provenance, tx, entries.length > 1);
    return { entryIds: views.map((v) => v.id), skipped: refs.filter((r) => stored.has(r)) };
  }

  /** `PUT /entries/:id`: a new version supersedes the current one; nothing is overwritten. */
  async amend(
    entryId: string,
    change: { occurredAt?: Date; body: unknown },
    caller: Caller,
  ): Promise<EntryView> {
    return this.prisma.$transaction(async (tx) => {
      const entry = isUuid(entryId) ? await tx.entry.findUnique({ where: { id: entryId } }) : null;
      if (!entry) throw new NotFoundError('entry');
      const { purposeOfUse } = await this.access.requireAccess(caller, entry.patientId, tx).catch(() => {
        throw new NotFoundError('entry');
      });
      const [locked] = await tx.$queryRaw<{ current_version: number }[]>`
        SELECT "current_version" FROM "entries" WHERE "id" = ${entryId}::uuid FOR UPDATE`;
      const body = parseEntryBody(entry.kind, change.body);
      const version = locked!.current_version + 1;
      const occurredAt = change.occurredAt ?? entry.occurredAt;
      const id = randomUUID();
      const row = await tx.entryVersion.create({
        data: {
          id,
          entryId,
          patientId: entry.patientId,
          version,
          occurredAt,
          body: await this.cipher.encryptForPatient(entry.patientId, ENTRY_BODY(id), body, tx),
          recordedById: caller.principal.userId,
        },
      });
      await tx.entry.update({ where: { id: entryId }, data: { currentVersion: version, occurredAt } });
      await this.audit.record(
        {
          type: 'entry.amend',
          action: 'U',
          outcome: 'success',
          patientId: entry.patientId,
          entity: { type: 'Entry', ids: [entryId] },
          purposeOfUse,
          ...auditOf(caller),
        },
        tx,
      );
      return {
        id: entryId,
        patientId: entry.patientId,
        kind: entry.kind,
        occurredAt,
        version,
        body,
        provenance: { recordedById: row.recordedById, sourceMessageId: null, recordedAt: row.recordedAt },
      };
    });
  }

  private async insert(
    patientId: string,
    entries: NewEntry[],
    provenance: Provenance,
    tx: Db,
    indexed = false,
  ): Promise<EntryView[]> {
    const prepared = entries.map((entry, i) => {
      if (!(entry.occurredAt instanceof Date) || Number.isNaN(entry.occurredAt.getTime())) {
        throw new DomainError(
          'invalid_entry',
          `${indexed ? `entries[${i}].` : ''}occurredAt: must be a date`,
        );
      }
      try {
        return {
          ...entry,
          kind: entry.kind as EntryKind,
          body: parseEntryBody(entry.kind, entry.body),
          id: randomUUID(),
          versionId: randomUUID(),
        };
      } catch (error) {
        if (indexed && error instanceof DomainError)
          throw new DomainError(error.code, `entries[${i}].${error.message}`);
        throw error;
      }
    });
    if (!prepared.length) return [];
    const bodies = await this.cipher.encryptMany(
      patientId,
      prepared.map((e) => ({ ref: ENTRY_BODY(e.versionId), value: e.body })),
      tx,
    );
    const recordedAt = new Date();
    await tx.entry.createMany({
      data: prepared.map((e) => ({
        id: e.id,
        patientId,
        kind: e.kind,
        occurredAt: e.occurredAt,
        currentVersion: 1,
        sourceRef: e.sourceRef,
      })),
    });
    await tx.entryVersion.createMany({
      data: prepared.map((e, i) => ({
        id: e.versionId,
        entryId: e.id,
        patientId,
        version: 1,
        occurredAt: e.occurredAt,
        body: bodies[i]!,
        recordedById: provenance.userId,
        sourceMessageId: provenance.sourceMessageId,
        recordedAt,
      })),
    });
    return prepared.map((e) => ({
      id: e.id,
      patientId,
      kind: e.kind,
      occurredAt: e.occurredAt,
      version: 1,
      body: e.body,
      provenance: {
        recordedById: provenance.userId ?? null,
        sourceMessageId: provenance.sourceMessageId ?? null,
        recordedAt,
      },
    }));
  }
}
