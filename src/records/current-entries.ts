import { Inject, Injectable } from '@nestjs/common';
import type { PatientScope } from '../access/patient-scope.js';
import type { AuditEventType } from '../audit/audit.types.js';
import { ClusterEvents } from '../cluster/cluster-events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { PatientKeysService } from '../crypto/patient-keys.service.js';
import { prepared } from '../database/pg-transaction.js';
import { Prisma } from '../generated/prisma/client.js';
import { DecryptedEntries, type VersionRow } from './decrypted-entries.js';
import type { EntryBody, EntryKind } from './entry-kinds.js';
import { ENTRY_BODY, toEntryView, type EntryView } from './entry-view.js';
import type { TimelinePosition } from './timeline-cursor.js';

/** Which current entries of the scope's patient to read; every condition narrows. */
export interface EntrySelection {
  kinds?: readonly EntryKind[];
  excludeKinds?: readonly EntryKind[];
  ids?: readonly string[];
  /** occurredAt at or after. */
  since?: Date;
  /** Keyset paging: only entries strictly older than this (occurredAt desc, id desc). */
  before?: TimelinePosition;
  /** The newest `limit`; absent: all. */
  limit?: number;
}

export interface ReadOptions {
  /**
   * The event naming every entry returned, written in the scope's transaction (`entry.list`,
   * `report.draft.read`, …). `null` only for a caller that records its own event for what it
   * exposes, in the same transaction (retrieval names the entries it returns).
   */
  audit: AuditEventType | null;
  /** Also return the patient's stamp, taken before the read (one aggregate query more). */
  stamp?: boolean;
}

export interface CurrentEntries {
  /** Decrypted current versions, newest first (occurredAt desc, id desc), each once. */
  entries: EntryView[];
  /** The patient's entries stamp, taken before the read (see `stamp()`), when asked for. */
  stamp?: string;
  /** A selection had more entries than its limit. */
  more: boolean;
}

/**
 * The records read port: the one place that knows how a current entry is stored (`entries` →
 * `entry_versions` at `current_version`, the body's AAD) and decrypts it. Everything that reads
 * the record — the timeline, embeddings, retrieval, report drafts — asks here, inside the
 * transaction of its `PatientScope` (the access check), and the read is audited there.
 *
 * A read is one statement for which versions are current (no ciphertext; times as epoch
 * milliseconds, which node-postgres's date parser made 8 % of a timeline read), and a second only
 * for the bodies of versions not in `DecryptedEntries` (decrypted on this node in the last
 * minutes): a page read again costs no ciphertext transfer, no decryption and no new views.
 */
@Injectable()
export class CurrentEntriesReader {
  /** Decrypted versions this node holds (read-only outside: tests and the README's figures). */
  readonly decrypted: DecryptedEntries;

  constructor(
    private readonly cipher: FieldCipher,
    private readonly cluster: ClusterEvents,
    keys: PatientKeysService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.decrypted = new DecryptedEntries({
      maxEntries: config.ENTRY_CACHE_MAX,
      ttlMs: config.ENTRY_CACHE_TTL_SECONDS * 1000,
    });
    keys.onForget((patientId) => this.decrypted.forget(patientId));
  }

  /** One or several selections (their union, one query, one key lookup, one audit event). */
  async currentEntries(
    scope: PatientScope,
    selection: EntrySelection | readonly EntrySelection[],
    options: ReadOptions,
  ): Promise<CurrentEntries> {
    const selections: readonly EntrySelection[] = Array.isArray(selection) ? selection : [selection];
    const stamp = options.stamp ? await this.stamp(scope) : undefined;
    const queries = selections.map((s, part) => this.selectSql(scope.patientId, s, part));
    const rows = await query<VersionRow & { part: number }>(scope, Prisma.join(queries, ' UNION ALL '));
    let more = false;
    const seen = new Set<string>();
    const kept: VersionRow[] = [];
    for (const [part, { limit }] of selections.entries()) {
      const own = rows.filter((row) => row.part === part).sort(newestFirst);
      if (limit !== undefined && own.length > limit) more = true;
      for (const row of limit === undefined ? own : own.slice(0, limit)) {
        if (seen.has(row.entryId)) continue;
        seen.add(row.entryId);
        kept.push(row);
      }
    }
    kept.sort(newestFirst);
    const entries = await this.decrypt(scope, kept);
    if (options.audit)
      await scope.audit(
        options.audit,
        entries.map((e) => e.id),
      );
    return { entries, stamp, more };
  }

  /**
   * Changes whenever an entry of the patient is added or amended (count, sum of versions, latest
   * change): a cache of decrypted entries is valid while it is unchanged.
   */
  async stamp(scope: PatientScope): Promise<string> {
    const [row] = await query<{ n: number; v: string | null; at: Date | null }>(
      scope,
      Prisma.sql`
      SELECT count(*)::int AS "n", sum("current_version")::text AS "v", max("updated_at") AS "at"
      FROM "entries" WHERE "patient_id" = ${scope.patientId}::uuid`,
    );
    return `${row?.n ?? 0}:${row?.v ?? 0}:${row?.at?.getTime() ?? 0}`;
  }

  private selectSql(patientId: string, s: EntrySelection, part: number): Prisma.Sql {
    const conditions = [
      s.kinds ? Prisma.sql`AND e."kind" = ANY(${[...s.kinds]}::"EntryKind"[])` : Prisma.empty,
      s.excludeKinds ? Prisma.sql`AND e."kind" <> ALL(${[...s.excludeKinds]}::"EntryKind"[])` : Prisma.empty,
      s.ids ? Prisma.sql`AND e."id" = ANY(${[...s.ids]}::uuid[])` : Prisma.empty,
      s.since ? Prisma.sql`AND e."occurred_at" >= ${s.since}` : Prisma.empty,
      s.before
        ? Prisma.sql`AND (e."occurred_at", e."id") < (${s.before.occurredAt}, ${s.before.id}::uuid)`
        : Prisma.empty,
    ];
    return Prisma.sql`(
      SELECT v."id", e."id" AS "entryId", e."patient_id" AS "patientId", e."current_version" AS "version",
             (extract(epoch FROM e."occurred_at") * 1000)::float8 AS "occurredAtMs",
             v."recorded_by_id" AS "recordedById", v."source_message_id" AS "sourceMessageId",
             (extract(epoch FROM v."recorded_at") * 1000)::float8 AS "recordedAtMs",
             e."kind"::text AS "kind", ${part}::int AS "part"
      FROM "entries" e
      JOIN "entry_versions" v ON v."entry_id" = e."id" AND v."version" = e."current_version"
      WHERE e."patient_id" = ${patientId}::uuid ${Prisma.join(conditions, ' ')}
      ORDER BY e."occurred_at" DESC, e."id" DESC
      ${s.limit !== undefined ? Prisma.sql`LIMIT ${s.limit + 1}` : Prisma.empty})`;
  }

  /** Rows of the scope's patient as views: held ones as they are, the rest fetched and decrypted together. */
  private async decrypt(scope: PatientScope, rows: VersionRow[]): Promise<EntryView[]> {
    if (!rows.length) return [];
    // Only while the node hears erasures on other nodes may it reuse plaintext (as its other caches).
    const listening = this.cluster.listening;
    const views = rows.map((row) => (listening ? this.decrypted.get(row) : undefined));
    const missing = rows.filter((_, i) => !views[i]);
    if (!missing.length) return views as EntryView[];
    const stored = await query<{ id: string; body: Uint8Array }>(
      scope,
      Prisma.sql`SELECT "id", "body" FROM "entry_versions"
        WHERE "id" = ANY(${missing.map((row) => row.id)}::uuid[]) AND "patient_id" = ${scope.patientId}::uuid`,
    );
    const ciphertexts = new Map(stored.map((row) => [row.id, row.body]));
    const bodies = await this.cipher.decryptManyForPatient<EntryBody>(
      scope.patientId,
      missing.map((row) => ({ ref: ENTRY_BODY(row.id, row), ciphertext: ciphertexts.get(row.id) ?? null })),
      scope.tx,
    );
    const opened = new Map(
      missing.map((row, i) => [
        row.id,
        this.decrypted.set(
          row,
          toEntryView(
            { ...row, occurredAt: new Date(row.occurredAtMs), recordedAt: new Date(row.recordedAtMs) },
            bodies[i]!,
          ),
        ),
      ]),
    );
    return rows.map((row, i) => views[i] ?? opened.get(row.id)!);
  }
}

/**
 * On the scope's node-postgres connection when it has one (the hot paths), as a prepared statement
 * (one per selection shape), else on its Prisma transaction.
 */
async function query<T>(scope: PatientScope, sql: Prisma.Sql): Promise<T[]> {
  if (scope.client) return (await scope.client.query<T & object>(prepared(sql.text, sql.values))).rows;
  return scope.tx.$queryRaw<T[]>(sql);
}

const newestFirst = (a: VersionRow, b: VersionRow) =>
  b.occurredAtMs - a.occurredAtMs || (a.entryId < b.entryId ? 1 : a.entryId > b.entryId ? -1 : 0);
