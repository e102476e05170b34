import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { PG_POOL } from '../database/prisma.service.js';
import { AuditSequencer } from './audit-sequencer.js';
import {
  canonicalFromRow,
  keysetBatches,
  storedFromRow,
  VERIFY_COLUMNS,
  type ChainRow,
} from './audit-rows.js';
import { canonical, chainHash, chainHashHex, GENESIS_HASH } from './canonical.js';
import { ChainBroken, type ChainProblem } from './chain-broken.js';
import { CheckpointSigner } from './checkpoint-signer.js';
import { AUDIT_WITNESS, type AuditWitness } from './audit-witness.js';
import { checkAgainstWitness, type WitnessCheck } from './witness-check.js';

export type { ChainProblem } from './chain-broken.js';

export interface VerifyReport {
  intact: boolean;
  /** The first sequence number walked: 1, or the one after the latest signed checkpoint (incremental). */
  fromSeq: string;
  eventsChecked: number;
  lastSeq: string;
  checkpointsChecked: number;
  lastCheckpointSeq: string | null;
  /** The hash of event `lastSeq` (hex), what a checkpoint of this walk signs. */
  lastHash: string;
  /** The signed checkpoints kept outside the database, compared with it (after an intact walk). */
  witness: WitnessCheck & { source: string };
  /** The first sequence number that does not verify, what is wrong, and a short PHI-free detail. */
  firstBad?: { seq: string; problem: ChainProblem; detail: string };
}

interface Checkpoint {
  seq: bigint;
  hash: Buffer;
  recordedAt: Date;
  keyId: string;
  signature: Buffer;
}

interface WalkState {
  from: number;
  events: number;
  checkpoints: number;
  lastSeq: bigint;
  lastHash: string;
  lastCheckpoint: bigint | null;
  witness: WitnessCheck;
}

const toCheckpoint = (r: unknown[]): Checkpoint => ({
  seq: BigInt(r[0] as string),
  hash: r[1] as Buffer,
  recordedAt: r[2] as Date,
  keyId: r[3] as string,
  signature: r[4] as Buffer,
});

const EVENTS_SQL = `SELECT ${VERIFY_COLUMNS} FROM "audit_events" WHERE "seq" > $1 ORDER BY "seq" LIMIT $2`;
const CHECKPOINTS_SQL = `SELECT "seq", "hash", "recorded_at", "key_id", "signature" FROM "audit_checkpoints" WHERE "seq" > $1 ORDER BY "seq" LIMIT $2`;

/**
 * Walks the whole chain in one REPEATABLE READ snapshot, in keyset batches (constant memory), checking
 * every link and hash and every signed checkpoint, and stops at the first bad sequence number.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly signer: CheckpointSigner,
    private readonly sequencer: AuditSequencer,
    @Inject(AUDIT_WITNESS) private readonly witness: AuditWitness,
  ) {}

  /**
   * `sinceLastCheckpoint`: trust the latest checkpoint once its signature and its event's hash check
   * out, and walk only the events after it (fast, for frequent checks; a full walk is the default).
   */
  async verify(
    options: { batchSize?: number; sinceLastCheckpoint?: boolean; onProgress?: (seq: bigint) => void } = {},
  ): Promise<VerifyReport> {
    await this.sequencer.drain(); // staged events committed before this call are checked too
    const client = await this.pool.connect();
    const state: WalkState = {
      from: 1,
      events: 0,
      checkpoints: 0,
      lastSeq: 0n,
      lastHash: GENESIS_HASH.toString('hex'),
      lastCheckpoint: null,
      witness: { checked: 0, lastSeq: null, unreadable: 0 },
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const start = options.sinceLastCheckpoint ? await this.trustLatestCheckpoint(client, state) : undefined;
      await this.walk(client, state, options.batchSize ?? 5000, start, options.onProgress);
      // Incremental: witnessed checkpoints from the latest one the database still has.
      state.witness = await checkAgainstWitness(client, this.witness, this.signer, BigInt(state.from - 1));
      return this.report(state);
    } catch (error) {
      if (!(error instanceof ChainBroken)) throw error;
      return {
        ...this.report(state),
        intact: false,
        firstBad: { seq: error.seq.toString(), problem: error.problem, detail: error.detail },
      };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  private report(state: WalkState): VerifyReport {
    return {
      intact: true,
      fromSeq: state.from.toString(),
      eventsChecked: state.events,
      lastSeq: state.lastSeq.toString(),
      checkpointsChecked: state.checkpoints,
      lastCheckpointSeq: state.lastCheckpoint?.toString() ?? null,
      lastHash: state.lastHash,
      witness: { ...state.witness, source: this.witness.description },
    };
  }

  /** Checks the latest checkpoint against its key and its event; the walk then starts after it. */
  private async trustLatestCheckpoint(
    client: pg.PoolClient,
    state: WalkState,
  ): Promise<{ seq: number; hashHex: string } | undefined> {
    const latest = await client.query({
      text: 'SELECT "seq", "hash", "recorded_at", "key_id", "signature" FROM "audit_checkpoints" ORDER BY "seq" DESC LIMIT 1',
      rowMode: 'array',
    });
    if (!latest.rows[0]) return undefined;
    const checkpoint = toCheckpoint(latest.rows[0]);
    const event = await client.query<{ hash: string }>(
      `SELECT encode("hash", 'hex') AS "hash" FROM "audit_events" WHERE "seq" = $1`,
      [checkpoint.seq.toString()],
    );
    if (!event.rows[0]) {
      const last = await client.query<{ seq: string | null }>(
        'SELECT max("seq")::text AS "seq" FROM "audit_events"',
      );
      const lastSeq = BigInt(last.rows[0]?.seq ?? '0');
      throw new ChainBroken(
        lastSeq + 1n,
        'truncated',
        `events after ${lastSeq} are missing; signed checkpoint ${checkpoint.seq} covers them`,
      );
    }
    this.checkCheckpoint(checkpoint, checkpoint.seq, event.rows[0].hash);
    state.from = Number(checkpoint.seq) + 1;
    state.lastSeq = checkpoint.seq;
    state.lastHash = event.rows[0].hash;
    state.checkpoints = 1;
    state.lastCheckpoint = checkpoint.seq;
    return { seq: Number(checkpoint.seq), hashHex: event.rows[0].hash };
  }

  private async walk(
    client: pg.PoolClient,
    state: WalkState,
    batchSize: number,
    start: { seq: number; hashHex: string } | undefined,
    onProgress?: (seq: bigint) => void,
  ): Promise<void> {
    const checkpoints = this.checkpoints(client, BigInt(start?.seq ?? 0));
    let checkpoint = (await checkpoints.next()).value as Checkpoint | undefined;
    let lastHex = start?.hashHex ?? GENESIS_HASH.toString('hex');
    let lastButOneHex: string | null = null;
    let expected = (start?.seq ?? 0) + 1;
    const identity = (r: unknown[]) => r;
    const keyOf = (r: unknown[]) => BigInt(r[0] as string);
    const sync = () => {
      state.events = expected - state.from;
      state.lastSeq = BigInt(expected - 1);
      state.lastHash = lastHex;
    };
    let checkpointSeq = checkpoint ? Number(checkpoint.seq) : Infinity;
    for await (const batch of keysetBatches(
      client,
      EVENTS_SQL,
      [],
      identity,
      keyOf,
      BigInt(expected - 1),
      batchSize,
    )) {
      for (const r of batch) {
        const seq = Number(r[0]);
        if (seq !== expected) sync();
        if (seq !== expected)
          throw new ChainBroken(BigInt(expected), 'missing', `events ${expected}..${seq - 1} are missing`);
        const prevHex = r[16] as string;
        const hashHex = r[17] as string;
        // Fast path, synchronous: linked to the previous event and matching its own hash.
        if (prevHex !== lastHex || chainHashHex(prevHex, seq, canonicalFromRow(r)) !== hashHex) {
          sync();
          const row: ChainRow = {
            ...storedFromRow([r[0], r[1], Date.parse(r[2] as string), ...r.slice(3)]),
            seq: BigInt(seq),
            prevHash: Buffer.from(prevHex, 'hex'),
            hash: Buffer.from(hashHex, 'hex'),
          };
          await this.checkRow(
            client,
            row,
            Buffer.from(lastHex, 'hex'),
            lastButOneHex === null ? null : Buffer.from(lastButOneHex, 'hex'),
          );
        }
        while (checkpoint && checkpointSeq <= seq) {
          sync();
          this.checkCheckpoint(checkpoint, BigInt(seq), hashHex);
          state.checkpoints++;
          state.lastCheckpoint = checkpoint.seq;
          checkpoint = (await checkpoints.next()).value as Checkpoint | undefined;
          checkpointSeq = checkpoint ? Number(checkpoint.seq) : Infinity;
        }
        lastButOneHex = lastHex;
        lastHex = hashHex;
        expected++;
      }
      sync();
      onProgress?.(state.lastSeq);
    }
    const expectedSeq = BigInt(expected);
    if (checkpoint) {
      throw new ChainBroken(
        expectedSeq,
        'truncated',
        `events after ${state.lastSeq} are missing; signed checkpoint ${checkpoint.seq} covers them`,
      );
    }
    const head = await client.query<{ seq: string }>('SELECT "seq" FROM "audit_chain_head" WHERE "id" = 1');
    const headSeq = BigInt(head.rows[0]?.seq ?? '0');
    if (headSeq > state.lastSeq) {
      throw new ChainBroken(
        expectedSeq,
        'truncated',
        `events after ${state.lastSeq} are missing; the chain head is at ${headSeq}`,
      );
    }
    if (headSeq < state.lastSeq) {
      throw new ChainBroken(
        headSeq + 1n,
        'inserted',
        `events after ${headSeq} were not appended through the chain head`,
      );
    }
  }

  private async checkRow(
    client: pg.PoolClient,
    row: ChainRow,
    prevHash: Buffer,
    prevPrevHash: Buffer | null,
  ): Promise<void> {
    const linked = row.prevHash.equals(prevHash);
    const selfConsistent = chainHash(row.prevHash, row.seq, canonical(row)).equals(row.hash);
    if (linked && selfConsistent) return;
    if (!linked && prevPrevHash && row.prevHash.equals(prevPrevHash)) {
      throw new ChainBroken(
        row.seq - 1n,
        'inserted',
        `event ${row.seq - 1n} was inserted: event ${row.seq} links past it`,
      );
    }
    if (linked) throw new ChainBroken(row.seq, 'modified', `event ${row.seq} does not match its hash`);
    if (selfConsistent) {
      // A genuine-looking event whose predecessor changed: the predecessor was rewritten (re-hashed).
      throw new ChainBroken(
        row.seq - 1n,
        'modified',
        `event ${row.seq - 1n} was rewritten: event ${row.seq} no longer links to it`,
      );
    }
    const origin = await client.query<{ seq: string }>(
      'SELECT "seq" FROM "audit_events" WHERE "hash" = $1 LIMIT 1',
      [row.prevHash],
    );
    if (origin.rows[0]) {
      throw new ChainBroken(
        row.seq,
        'reordered',
        `event ${row.seq} belongs after event ${origin.rows[0].seq}`,
      );
    }
    throw new ChainBroken(
      row.seq,
      'inserted',
      `event ${row.seq} neither links nor matches its hash (forged or replaced)`,
    );
  }

  private checkCheckpoint(checkpoint: Checkpoint, seq: bigint, hashHex: string): void {
    if (!this.signer.verify(checkpoint, checkpoint.keyId, checkpoint.signature)) {
      throw new ChainBroken(
        checkpoint.seq,
        'checkpoint-invalid',
        `checkpoint ${checkpoint.seq} has no valid signature by the configured key`,
      );
    }
    if (checkpoint.seq !== seq || checkpoint.hash.toString('hex') !== hashHex) {
      throw new ChainBroken(
        checkpoint.seq,
        'checkpoint-mismatch',
        `the chain at ${checkpoint.seq} differs from its signed checkpoint`,
      );
    }
  }

  private async *checkpoints(client: pg.PoolClient, after: bigint): AsyncGenerator<Checkpoint> {
    for await (const batch of keysetBatches(
      client,
      CHECKPOINTS_SQL,
      [],
      toCheckpoint,
      (c) => c.seq,
      after,
      1000,
    ))
      yield* batch;
  }
}
