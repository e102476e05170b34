import type pg from 'pg';
import type { StoredEvent } from './canonical.js';

/** A stored audit event with its chain fields, as read back for verification and export. */
export interface ChainRow extends StoredEvent {
  seq: bigint;
  prevHash: Buffer;
  hash: Buffer;
}

export const EVENT_COLUMNS = `"seq", "id", "recorded_at", "type", "action", "outcome", "actor_user_id", "actor_role",
  "actor_address", "actor_user_agent", "patient_id", "entity_type", "entity_ids", "purpose_of_use", "reason",
  "correlation_id", "prev_hash", "hash"`;

/** Maps a `SELECT ${EVENT_COLUMNS}` row (array mode) to a ChainRow. */
export function toChainRow(r: unknown[]): ChainRow {
  return {
    seq: BigInt(r[0] as string),
    id: r[1] as string,
    recordedAt: r[2] as Date,
    type: r[3] as string,
    action: r[4] as ChainRow['action'],
    outcome: r[5] as ChainRow['outcome'],
    actorUserId: r[6] as string | null,
    actorRole: r[7] as string | null,
    actorAddress: r[8] as string | null,
    actorUserAgent: r[9] as string | null,
    patientId: r[10] as string | null,
    entityType: r[11] as string | null,
    entityIds: r[12] as string[],
    purposeOfUse: r[13] as ChainRow['purposeOfUse'],
    reason: r[14] as string | null,
    correlationId: r[15] as string | null,
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
  let after = start;
  for (;;) {
    const result = await client.query({
      text: sql,
      values: [after.toString(), batchSize, ...params],
      rowMode: 'array',
    });
    if (result.rows.length === 0) return;
    const rows = result.rows.map(map);
    yield rows;
    after = keyOf(rows[rows.length - 1] as T);
    if (result.rows.length < batchSize) return;
  }
}
