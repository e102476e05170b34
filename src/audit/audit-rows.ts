import type pg from 'pg';
import { CANONICAL_VERSION, type StoredEvent } from './canonical.js';

/** A stored audit event with its chain fields, as read back for verification and export. */
export interface ChainRow extends StoredEvent {
  seq: bigint;
  prevHash: Buffer;
  hash: Buffer;
}

/** The select list toChainRow reads; time as epoch ms and ids as JSON text (cheaper to parse than Date/arrays). */
export const EVENT_COLUMNS = `"seq", "id", (extract(epoch FROM "recorded_at") * 1000)::int8, "type", "action", "outcome",
  "actor_user_id", "actor_role", "actor_address", "actor_user_agent", "patient_id", "entity_type",
  array_to_json("entity_ids")::text, "purpose_of_use", "reason", "correlation_id", "prev_hash", "hash"`;

/**
 * The canonical text straight from a `SELECT ${VERIFY_COLUMNS}` row (time already ISO text): the
 * verifier's hot path, same field order as canonical() — any drift fails every genuine chain in the tests.
 */
export function canonicalFromRow(r: unknown[]): string {
  return JSON.stringify([
    CANONICAL_VERSION,
    r[1],
    r[2],
    r[3],
    r[4],
    r[5],
    r[6],
    r[7],
    r[8],
    r[9],
    r[10],
    r[11],
    JSON.parse(r[12] as string),
    r[13],
    r[14],
    r[15],
  ]);
}

/** Like EVENT_COLUMNS, with the time as ISO-8601 text and the hashes as hex (see canonicalFromRow). */
export const VERIFY_COLUMNS = EVENT_COLUMNS.replace(
  '(extract(epoch FROM "recorded_at") * 1000)::int8',
  `to_char("recorded_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
).replace('"prev_hash", "hash"', `encode("prev_hash", 'hex'), encode("hash", 'hex')`);

/** The event fields of a `SELECT ${EVENT_COLUMNS}` row (array mode). */
export function storedFromRow(r: unknown[]): StoredEvent {
  return {
    id: r[1] as string,
    recordedAt: new Date(Number(r[2])),
    type: r[3] as string,
    action: r[4] as StoredEvent['action'],
    outcome: r[5] as StoredEvent['outcome'],
    actorUserId: r[6] as string | null,
    actorRole: r[7] as string | null,
    actorAddress: r[8] as string | null,
    actorUserAgent: r[9] as string | null,
    patientId: r[10] as string | null,
    entityType: r[11] as string | null,
    entityIds: JSON.parse(r[12] as string) as string[],
    purposeOfUse: r[13] as StoredEvent['purposeOfUse'],
    reason: r[14] as string | null,
    correlationId: r[15] as string | null,
  };
}

/** Maps a `SELECT ${EVENT_COLUMNS}` row (array mode) to a ChainRow. */
export function toChainRow(r: unknown[]): ChainRow {
  return {
    ...storedFromRow(r),
    seq: BigInt(r[0] as string),
    prevHash: r[16] as Buffer,
    hash: r[17] as Buffer,
  };
}

/**
 * Streams rows of a keyset-paginated query in fixed-size batches (constant memory at any size).
 * `sql` must take the last key as $1 and the batch size as $2, ordered by that key.
 */
export async function* keysetBatches<T>(
  client: pg.ClientBase,
  sql: string,
  params: unknown[],
  map: (row: unknown[]) => T,
  keyOf: (row: T) => bigint,
  start: bigint,
  batchSize = 5000,
): AsyncGenerator<T[]> {
  const fetch = (after: bigint) => {
    const query = client.query({
      text: sql,
      values: [after.toString(), batchSize, ...params],
      rowMode: 'array',
    });
    query.catch(() => undefined); // a prefetch abandoned by an early stop must not go unhandled
    return query;
  };
  // The next batch is requested before this one is handed out, so the database works while we hash.
  let pending = fetch(start);
  for (;;) {
    const result = await pending;
    if (result.rows.length === 0) return;
    const rows = result.rows.map(map);
    const more = result.rows.length === batchSize;
    if (more) pending = fetch(keyOf(rows[rows.length - 1] as T));
    yield rows;
    if (!more) return;
  }
}
