import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PatientAccessService } from '../access/patient-access.service.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Provenance } from '../patients/patients.service.js';
import { parseEntryBody, type EntryKind } from './entry-kinds.js';
import { ENTRY_BODY, toEntryView, type EntryView } from './entry-view.js';
import { announceEntriesWritten } from './entry-writes.js';

export interface NewEntry {
  kind: string;
  occurredAt: Date;
  body: unknown;
  /** External reference (e.g. `<message id>/OBX/3`): an entry with the same one is not stored twice. */
  sourceRef?: string;
  /** The entry's id when the caller needs it before the insert (imports link entries of one batch); new otherwise. */
  id?: string;
}

export interface AddedEntries {
  /** Ids of the new entries, in input order (skipped ones left out). */
  entryIds: string[];
  /** sourceRefs already stored for this patient: not stored again. */
  skipped: string[];
}

interface PreparedEntries {
  entries: Prisma.EntryCreateManyInput[];
  versions: Prisma.EntryVersionCreateManyInput[];
  views: EntryView[];
}

/** Writes to the timeline: new entries and amendments (new versions), each with provenance. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: FieldCipher,
    private readonly access: PatientAccessService,
  ) {}

  /** `POST /patients/:id/entries`: one entry by a user, audited in the same transaction. */
  async addEntry(patientId: string, entry: NewEntry, caller: Caller): Promise<EntryView> {
    return this.prisma.$transaction(async (tx) => {
      const scope = await this.access.requireAccess(caller, patientId, tx);
      const views = await this.insert(patientId, [entry], { userId: caller.principal.userId }, tx);
      await scope.audit(
        'entry.create',
        views.map((v) => v.id),
      );
      return views[0]!;
    });
  }

  /**
   * For the HL7 import (and other system writers), inside THEIR transaction, for one or many
   * patients: validates every body first (400 naming `entries[i].body.field`), skips sourceRefs
   * already stored for that patient, encrypts with one key lookup per patient and inserts all in two
   * multi-row statements. Results in input order. The caller records its own audit events.
   */
  async addEntries(
    patientId: string,
    entries: NewEntry[],
    provenance: Provenance,
    tx: Db,
  ): Promise<AddedEntries> {
    return (await this.addEntriesForPatients([{ patientId, entries, provenance }], tx))[0]!;
  }

  /** addEntries for many patients at once (a batch of HL7 messages): still two inserts in all. */
  async addEntriesForPatients(
    batches: { patientId: string; entries: NewEntry[]; provenance: Provenance }[],
    tx: Db,
  ): Promise<AddedEntries[]> {
    const pairs = batches.flatMap(({ patientId, entries }) =>
      entries.flatMap((e) => (e.sourceRef ? [{ patientId, sourceRef: e.sourceRef }] : [])),
    );
    const stored = new Set(
      pairs.length
        ? (
            await tx.$queryRawUnsafe<{ patient_id: string; source_ref: string }[]>(
              STORED_REFS_SQL,
              pairs.map((p) => p.patientId),
              pairs.map((p) => p.sourceRef),
            )
          ).map((e) => `${e.patient_id}\u001f${e.source_ref}`)
        : [],
    );
    const results: AddedEntries[] = [];
    const prepared: PreparedEntries[] = [];
    for (const { patientId, entries, provenance } of batches) {
      const isStored = (ref: string) => stored.has(`${patientId}\u001f${ref}`);
      const seen = new Set<string>();
      const fresh = entries.filter((e) => {
        if (!e.sourceRef) return true;
        const duplicate = isStored(e.sourceRef) || seen.has(e.sourceRef);
        seen.add(e.sourceRef);
        return !duplicate;
      });
      const batch = await this.prepare(patientId, fresh, provenance, tx, entries.length > 1);
      prepared.push(batch);
      results.push({
        entryIds: batch.views.map((v) => v.id),
        skipped: entries.map((e) => e.sourceRef).filter((ref): ref is string => !!ref && isStored(ref)),
      });
    }
    await this.write(prepared, tx);
    return results;
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
      const scope = await this.access.requireAccess(caller, entry.patientId, tx).catch(() => {
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
          body: await this.cipher.encryptForPatient(
            entry.patientId,
            ENTRY_BODY(id, { entryId, version, kind: entry.kind }),
            body,
            tx,
          ),
          recordedById: caller.principal.userId,
        },
      });
      await tx.entry.update({ where: { id: entryId }, data: { currentVersion: version, occurredAt } });
      await announceEntriesWritten(tx);
      await scope.audit('entry.amend', [entryId]);
      return toEntryView(
        { entryId, patientId: entry.patientId, kind: entry.kind, occurredAt, version, ...provenanceOf(row) },
        body,
      );
    });
  }

  private async insert(
    patientId: string,
    entries: NewEntry[],
    provenance: Provenance,
    tx: Db,
  ): Promise<EntryView[]> {
    const prepared = await this.prepare(patientId, entries, provenance, tx, false);
    await this.write([prepared], tx);
    return prepared.views;
  }

  /** Validates and encrypts new entries of one patient; nothing is written yet (see write()). */
  private async prepare(
    patientId: string,
    entries: NewEntry[],
    provenance: Provenance,
    db: Db,
    indexed: boolean,
  ): Promise<PreparedEntries> {
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
          id: entry.id ?? randomUUID(),
          versionId: randomUUID(),
        };
      } catch (error) {
        if (indexed && error instanceof DomainError)
          throw new DomainError(error.code, `entries[${i}].${error.message}`);
        throw error;
      }
    });
    if (!prepared.length) return { entries: [], versions: [], views: [] };
    const bodies = await this.cipher.encryptMany(
      patientId,
      prepared.map((e) => ({
        ref: ENTRY_BODY(e.versionId, { entryId: e.id, version: 1, kind: e.kind }),
        value: e.body,
      })),
      db,
    );
    const recordedAt = new Date();
    return {
      entries: prepared.map((e) => ({
        id: e.id,
        patientId,
        kind: e.kind,
        occurredAt: e.occurredAt,
        currentVersion: 1,
        sourceRef: e.sourceRef,
      })),
      versions: prepared.map((e, i) => ({
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
      views: prepared.map((e) =>
        toEntryView(
          {
            entryId: e.id,
            patientId,
            kind: e.kind,
            occurredAt: e.occurredAt,
            version: 1,
            recordedById: provenance.userId ?? null,
            sourceMessageId: provenance.sourceMessageId ?? null,
            recordedAt,
          },
          e.body,
        ),
      ),
    };
  }

  /** Inserts prepared entries of any number of patients: two multi-row statements in all. */
  private async write(prepared: PreparedEntries[], tx: Db): Promise<void> {
    const entries = prepared.flatMap((p) => p.entries);
    if (entries.length === 0) return;
    const versions = prepared.flatMap((p) => p.versions);
    const iso = (date: Date | string) => new Date(date).toISOString();
    // Plain SQL: Prisma's createMany costs more in the client than the inserts cost in PostgreSQL.
    await tx.$executeRawUnsafe(
      INSERT_ENTRIES_SQL,
      entries.map((e) => e.id),
      entries.map((e) => e.patientId),
      entries.map((e) => e.kind),
      entries.map((e) => iso(e.occurredAt)),
      entries.map((e) => e.sourceRef ?? null),
    );
    await tx.$executeRawUnsafe(
      INSERT_VERSIONS_SQL,
      versions.map((v) => v.id),
      versions.map((v) => v.entryId),
      versions.map((v) => v.patientId),
      versions.map((v) => iso(v.occurredAt)),
      versions.map((v) => v.body),
      versions.map((v) => v.recordedById ?? null),
      versions.map((v) => v.sourceMessageId ?? null),
      versions.map((v) => iso(v.recordedAt!)),
    );
    await announceEntriesWritten(tx);
  }
}

const provenanceOf = (row: { recordedById: string | null; recordedAt: Date }) => ({
  recordedById: row.recordedById,
  sourceMessageId: null,
  recordedAt: row.recordedAt,
});

/** Which (patient, sourceRef) pairs are already stored: the pairs themselves, not their cross product. */
const STORED_REFS_SQL = `
  SELECT "patient_id", "source_ref" FROM "entries"
   WHERE ("patient_id", "source_ref") IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`;

const INSERT_ENTRIES_SQL = `
  INSERT INTO "entries" ("id", "patient_id", "kind", "occurred_at", "current_version", "source_ref", "updated_at")
  SELECT "id", "patient_id", "kind", "occurred_at", 1, "source_ref", now()
    FROM unnest($1::uuid[], $2::uuid[], $3::"EntryKind"[], $4::timestamptz[], $5::text[])
      AS e("id", "patient_id", "kind", "occurred_at", "source_ref")`;

const INSERT_VERSIONS_SQL = `
  INSERT INTO "entry_versions" ("id", "entry_id", "patient_id", "version", "occurred_at", "body",
    "recorded_by_id", "source_message_id", "recorded_at")
  SELECT "id", "entry_id", "patient_id", 1, "occurred_at", "body", "recorded_by_id", "source_message_id", "recorded_at"
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::bytea[], $6::uuid[], $7::text[],
      $8::timestamptz[]) AS v("id", "entry_id", "patient_id", "occurred_at", "body", "recorded_by_id",
      "source_message_id", "recorded_at")`;
