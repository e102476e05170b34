import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { Prisma } from '../generated/prisma/client.js';
import { parseEntryBody } from './entry-kinds.js';
import { ENTRY_BODY } from './entry-view.js';
import { announceEntriesWritten } from './entry-writes.js';
import { RecordsService, type NewEntry } from './records.service.js';

/** The current version of an imported entry, as a keyed operation sees it. */
export interface CurrentEntry {
  entryId: string;
  kind: string;
  version: number;
  occurredAt: Date;
  body: Record<string, unknown>;
  /** Arrival (`ingest_messages.arrival`) of the message that wrote this version; 0 if not imported. */
  arrival: bigint;
}

/**
 * One change an HL7 message makes to one entry of a patient, found by `sourceRef` (a per-patient
 * key: `<message id>/<segment>/<n>`, or a blind-indexed business key such as a visit or document
 * number). `next` gets the current version (undefined: none yet) and returns the body of the next
 * version, or undefined to leave the entry as it is.
 */
export interface KeyedEntryChange {
  sourceRef: string;
  kind: string;
  occurredAt: Date;
  next(current: CurrentEntry | undefined): { body: Record<string, unknown>; occurredAt?: Date } | undefined;
}

export interface KeyedChanges {
  patientId: string;
  sourceMessageId: string;
  /** The message's arrival: versions it writes carry it for later `next` calls in the same batch. */
  arrival?: bigint;
  changes: KeyedEntryChange[];
}

export interface AppliedChanges {
  created: string[];
  revised: string[];
}

interface Pending {
  patientId: string;
  sourceMessageId: string;
  current: CurrentEntry;
  isNew: boolean;
  /** Versions to write, in order (the first of a new entry is written by RecordsService). */
  versions: { version: number; occurredAt: Date; body: Record<string, unknown>; sourceMessageId: string }[];
}

/**
 * Keyed writes of imported entries (HL7 import, inside ITS transaction): a change to an entry that
 * exists appends a version (nothing is overwritten; entry_versions is append-only), a change to
 * one that does not creates it. All changes of a batch are applied in memory in the order given
 * (an A02 after an A01 of the same batch sees the A01's encounter), then written: new entries
 * through `RecordsService.addEntriesForPatients`, further versions in one multi-row insert and one
 * UPDATE of `current_version`. Entry rows touched are locked (FOR UPDATE) so that concurrent batches
 * revising the same entry take turns. The caller records its own audit events.
 */
@Injectable()
export class ImportedEntries {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly records: RecordsService,
  ) {}

  async apply(batches: KeyedChanges[], tx: Prisma.TransactionClient): Promise<AppliedChanges[]> {
    const state = await this.load(batches, tx);
    const results: AppliedChanges[] = [];
    for (const { patientId, sourceMessageId, arrival = 0n, changes } of batches) {
      const result: AppliedChanges = { created: [], revised: [] };
      for (const change of changes) {
        const key = `${patientId}\u001f${change.sourceRef}`;
        const pending = state.get(key);
        if (pending && pending.current.kind !== change.kind) {
          throw new DomainError(
            'invalid_entry',
            `${change.sourceRef.split(':')[0]}: names an entry of another kind`,
          );
        }
        const next = change.next(pending?.current);
        if (!next) continue;
        const body = parseEntryBody(change.kind, next.body) as Record<string, unknown>;
        const occurredAt = next.occurredAt ?? pending?.current.occurredAt ?? change.occurredAt;
        if (pending) {
          const version = pending.current.version + 1;
          pending.current = { ...pending.current, version, body, occurredAt, arrival };
          pending.versions.push({ version, occurredAt, body, sourceMessageId });
          if (!pending.isNew && !result.revised.includes(pending.current.entryId))
            result.revised.push(pending.current.entryId);
        } else {
          const entryId = randomUUID();
          state.set(key, {
            patientId,
            sourceMessageId,
            isNew: true,
            current: { entryId, kind: change.kind, version: 1, occurredAt, body, arrival },
            versions: [{ version: 1, occurredAt, body, sourceMessageId }],
          });
          result.created.push(entryId);
        }
      }
      results.push(result);
    }
    const created = await this.write([...state.entries()], tx);
    return results.map(({ created: ids, revised }) => ({
      created: ids.map((id) => created.get(id) ?? id),
      revised,
    }));
  }

  /** The current versions of every keyed entry named, decrypted, rows locked. */
  private async load(batches: KeyedChanges[], tx: Prisma.TransactionClient): Promise<Map<string, Pending>> {
    const pairs = batches.flatMap(({ patientId, changes }) =>
      changes.map((c) => ({ patientId, sourceRef: c.sourceRef })),
    );
    const state = new Map<string, Pending>();
    if (pairs.length === 0) return state;
    const rows = await tx.$queryRawUnsafe<CurrentRow[]>(
      CURRENT_SQL,
      pairs.map((p) => p.patientId),
      pairs.map((p) => p.sourceRef),
    );
    for (const row of rows) {
      const body = await this.cipher.decryptForPatient<Record<string, unknown>>(
        row.patient_id,
        ENTRY_BODY(row.version_id, { entryId: row.id, version: row.current_version, kind: row.kind }),
        row.body,
        tx,
      );
      state.set(`${row.patient_id}\u001f${row.source_ref}`, {
        patientId: row.patient_id,
        sourceMessageId: '',
        isNew: false,
        current: {
          entryId: row.id,
          kind: row.kind,
          version: row.current_version,
          occurredAt: row.occurred_at,
          body,
          arrival: BigInt(row.arrival ?? 0),
        },
        versions: [],
      });
    }
    return state;
  }

  /**
   * New entries through RecordsService (their first version; ids mapped from ours to the stored
   * ones), then every further version and the entries' current version. Returns our id → stored id.
   */
  private async write(
    pending: [string, Pending][],
    tx: Prisma.TransactionClient,
  ): Promise<Map<string, string>> {
    const fresh = pending.filter(([, p]) => p.isNew);
    const byPatient = new Map<string, { entries: NewEntry[]; owners: Pending[]; sourceMessageId: string }>();
    for (const [key, p] of fresh) {
      // One RecordsService batch per (patient, message): provenance is per batch.
      const group = `${p.patientId}\u001f${p.sourceMessageId}`;
      const batch = byPatient.get(group) ?? { entries: [], owners: [], sourceMessageId: p.sourceMessageId };
      const first = p.versions[0]!;
      batch.entries.push({
        kind: p.current.kind,
        occurredAt: first.occurredAt,
        body: first.body,
        sourceRef: key.split('\u001f')[1],
        id: p.current.entryId, // ours, so that bodies of this batch may already name it (relatesTo)
      });
      batch.owners.push(p);
      byPatient.set(group, batch);
    }
    const groups = [...byPatient.values()];
    const added = await this.records
      .addEntriesForPatients(
        groups.map((g) => ({
          patientId: g.owners[0]!.patientId,
          entries: g.entries,
          provenance: { sourceMessageId: g.sourceMessageId },
        })),
        tx,
      )
      // A concurrent batch created the same keyed entry (unique patient + source ref): map again.
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new ConflictError(STORED_CONCURRENTLY);
        throw error;
      });
    const ids = new Map<string, string>();
    groups.forEach((g, i) => {
      const stored = added[i]!.entryIds;
      if (stored.length !== g.owners.length) throw new ConflictError(STORED_CONCURRENTLY);
      g.owners.forEach((owner, j) => {
        ids.set(owner.current.entryId, stored[j]!);
        owner.current.entryId = stored[j]!;
        owner.versions.shift();
      });
    });
    const versions = pending.flatMap(([, p]) => p.versions.map((v) => ({ ...v, p })));
    if (versions.length === 0) return ids;
    const rows = await Promise.all(
      versions.map(async ({ p, version, occurredAt, body, sourceMessageId }) => {
        const id = randomUUID();
        return {
          id,
          entryId: p.current.entryId,
          patientId: p.patientId,
          version,
          occurredAt: occurredAt.toISOString(),
          body: await this.cipher.encryptForPatient(
            p.patientId,
            ENTRY_BODY(id, { ...p.current, version }),
            body,
            tx,
          ),
          sourceMessageId,
        };
      }),
    );
    await tx.$executeRawUnsafe(
      INSERT_VERSIONS_SQL,
      rows.map((r) => r.id),
      rows.map((r) => r.entryId),
      rows.map((r) => r.patientId),
      rows.map((r) => r.version),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.body),
      rows.map((r) => r.sourceMessageId),
    );
    const touched = pending.filter(([, p]) => p.current.version > 1 || !p.isNew).map(([, p]) => p.current);
    await tx.$executeRawUnsafe(
      UPDATE_CURRENT_SQL,
      touched.map((c) => c.entryId),
      touched.map((c) => c.version),
      touched.map((c) => c.occurredAt.toISOString()),
    );
    await announceEntriesWritten(tx); // new versions: re-embedded after commit
    return ids;
  }
}

interface CurrentRow {
  id: string;
  patient_id: string;
  source_ref: string;
  kind: string;
  current_version: number;
  occurred_at: Date;
  version_id: string;
  body: Uint8Array;
  arrival: bigint | null;
}

/** Current versions by (patient, sourceRef), with the arrival of the message that wrote them. */
const CURRENT_SQL = `
  SELECT e."id", e."patient_id", e."source_ref", e."kind"::text AS "kind", e."current_version", e."occurred_at",
         v."id" AS "version_id", v."body", m."arrival"
    FROM "entries" e
    JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
    LEFT JOIN "ingest_messages" m
      ON m."id" = (CASE WHEN v."source_message_id" ~ '^[0-9a-f-]{36}$' THEN v."source_message_id"::uuid END)
   WHERE (e."patient_id", e."source_ref") IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
   ORDER BY e."id"
     FOR UPDATE OF e`;

const INSERT_VERSIONS_SQL = `
  INSERT INTO "entry_versions" ("id", "entry_id", "patient_id", "version", "occurred_at", "body", "source_message_id")
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[], $6::bytea[], $7::text[])`;

const UPDATE_CURRENT_SQL = `
  UPDATE "entries" AS e SET "current_version" = u."version", "occurred_at" = u."occurred_at", "updated_at" = now()
    FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS u("id", "version", "occurred_at")
   WHERE e."id" = u."id"`;

const STORED_CONCURRENTLY = 'entry: stored concurrently by another mapping batch';

/** PostgreSQL unique_violation, as pg or Prisma's raw query error reports it. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e.code === '23505' || e.meta?.code === '23505' || /23505|unique constraint/i.test(e.message ?? '');
}
