import type pg from 'pg';
import { ChainBroken } from './chain-broken.js';
import type { AuditWitness, WitnessedCheckpoint } from './audit-witness.js';
import type { CheckpointSigner } from './checkpoint-signer.js';

export interface WitnessCheck {
  /** Witnessed checkpoints compared with the database. */
  checked: number;
  /** The highest witnessed sequence number (null: the witness is empty). */
  lastSeq: string | null;
  /** Witness entries that could not be parsed (a line torn by a crash); not compared. */
  unreadable: number;
}

const BATCH = 5000;

/**
 * Compares the database (inside the verifier's snapshot) with what the witness holds: every
 * witnessed checkpoint at or after `fromSeq` must carry a trusted signature, its event must still
 * exist with the signed hash, its row must still be in audit_checkpoints, and the chain head may
 * not be behind it. Names the gap when it is not so (a truncated tail, a rewound head, a removed
 * or re-signed checkpoint).
 */
export async function checkAgainstWitness(
  client: pg.ClientBase,
  witness: AuditWitness,
  signer: CheckpointSigner,
  fromSeq: bigint,
): Promise<WitnessCheck> {
  const { checkpoints, unreadable } = await witness.read();
  const due = checkpoints.filter((c) => c.seq >= fromSeq);
  const last = await client.query<{ seq: string | null; head: string }>(
    `SELECT (SELECT max("seq")::text FROM "audit_events") AS "seq",
            (SELECT "seq"::text FROM "audit_chain_head" WHERE "id" = 1) AS "head"`,
  );
  const lastEvent = BigInt(last.rows[0]?.seq ?? '0');
  const head = BigInt(last.rows[0]?.head ?? '0');
  for (let i = 0; i < due.length; i += BATCH) {
    const batch = due.slice(i, i + BATCH);
    const seqs = batch.map((c) => c.seq.toString());
    const events = await client.query<{ seq: string; hash: string }>(
      `SELECT "seq"::text AS "seq", encode("hash", 'hex') AS "hash" FROM "audit_events" WHERE "seq" = ANY ($1::bigint[])`,
      [seqs],
    );
    const stored = await client.query<{ seq: string; hash: string; signature: string }>(
      `SELECT "seq"::text AS "seq", encode("hash", 'hex') AS "hash", encode("signature", 'hex') AS "signature"
         FROM "audit_checkpoints" WHERE "seq" = ANY ($1::bigint[])`,
      [seqs],
    );
    const eventHash = new Map(events.rows.map((r) => [r.seq, r.hash]));
    const checkpointRow = new Map(stored.rows.map((r) => [r.seq, r]));
    for (const witnessed of batch) compare(witnessed, signer, eventHash, checkpointRow, lastEvent, head);
  }
  return {
    checked: due.length,
    lastSeq: checkpoints.at(-1)?.seq.toString() ?? null,
    unreadable,
  };
}

function compare(
  witnessed: WitnessedCheckpoint,
  signer: CheckpointSigner,
  eventHash: Map<string, string>,
  checkpointRow: Map<string, { hash: string; signature: string }>,
  lastEvent: bigint,
  head: bigint,
): void {
  const seq = witnessed.seq;
  const key = seq.toString();
  const signed = `the witness holds checkpoint ${seq} signed at ${witnessed.recordedAt.toISOString()}`;
  if (!signer.verify(witnessed, witnessed.keyId, witnessed.signature)) {
    throw new ChainBroken(
      seq,
      'checkpoint-invalid',
      `witnessed checkpoint ${seq} has no valid signature by a trusted key`,
    );
  }
  const hash = eventHash.get(key);
  if (hash === undefined && seq > lastEvent) {
    throw new ChainBroken(
      lastEvent + 1n,
      'truncated',
      `events ${lastEvent + 1n}..${seq} are missing: ${signed}`,
    );
  }
  if (hash === undefined) throw new ChainBroken(seq, 'missing', `event ${seq} is missing: ${signed}`);
  if (hash !== witnessed.hash.toString('hex')) {
    throw new ChainBroken(
      seq,
      'checkpoint-mismatch',
      `the chain at ${seq} differs from the witness: ${signed}`,
    );
  }
  if (head < seq) {
    throw new ChainBroken(head + 1n, 'truncated', `the chain head was moved back to ${head}: ${signed}`);
  }
  const row = checkpointRow.get(key);
  if (!row) {
    throw new ChainBroken(
      seq,
      'checkpoint-missing',
      `signed checkpoint ${seq} was removed from the database: ${signed}`,
    );
  }
  if (row.hash !== witnessed.hash.toString('hex') || row.signature !== witnessed.signature.toString('hex')) {
    throw new ChainBroken(
      seq,
      'checkpoint-mismatch',
      `checkpoint ${seq} in the database differs from the witness`,
    );
  }
}
