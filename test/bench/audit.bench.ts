import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import type { AuditEventInput } from '../../src/audit/audit.types.js';
import { AuditVerifier } from '../../src/audit/audit-verifier.js';
import { witnessDir } from '../../src/audit/audit-witness.js';
import { FileAuditWitness } from '../../src/audit/file-audit-witness.js';
import { CheckpointSigner } from '../../src/audit/checkpoint-signer.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { benchDatabase } from './bench-database.js';
import { round, type BenchTable } from './table.js';

const VERIFY_EVENTS = Number(process.env.AUDIT_BENCH_VERIFY_EVENTS ?? 1_000_000);

const event = (i: number): AuditEventInput => ({
  type: 'patient.read',
  action: 'R',
  outcome: 'success',
  actor: {
    userId: '6c0d2f1e-8a1b-4c3d-9e8f-0a1b2c3d4e5f',
    role: 'clinician',
    address: '10.1.2.3',
    userAgent: 'Mozilla/5.0 (bench)',
  },
  patientId: `patient-${i % 1000}`,
  entity: { type: 'Entry', ids: [`entry-${i}`, `entry-${i + 1}`] },
  purposeOfUse: 'treatment',
  correlationId: `req-${i}`,
});

async function rate(events: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return round(events / ((performance.now() - started) / 1000), 0);
}

/** Audit append throughput (alone and with concurrent writers) and chain verification speed. */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 20 });
  pool.on('error', () => undefined);
  const prisma = new PrismaService(pool);
  const sequencer = new AuditSequencer(pool);
  const audit = new AuditService(pool, sequencer);
  const verifier = new AuditVerifier(
    pool,
    new CheckpointSigner(db.config),
    sequencer,
    new FileAuditWitness(witnessDir(db.config)),
  );
  const rows: (string | number)[][] = [];
  try {
    const n = 5000;
    rows.push([
      'record(), 1 writer, own transaction',
      n,
      await rate(n, async () => {
        for (let i = 0; i < n; i++) await audit.record(event(i));
      }),
    ]);
    rows.push([
      'record(), 16 writers, own transactions',
      16 * 1000,
      await rate(16_000, async () => {
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = 0; i < 1000; i++) await audit.record(event(w * 1000 + i));
          }),
        );
      }),
    ]);
    rows.push([
      'record() in a Prisma $transaction, 1 writer',
      2000,
      await rate(2000, async () => {
        for (let i = 0; i < 2000; i++) await prisma.$transaction((tx) => audit.record(event(i), tx));
      }),
    ]);
    rows.push([
      'record() in a Prisma $transaction, 16 writers',
      16 * 250,
      await rate(16 * 250, async () => {
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = 0; i < 250; i++)
              await prisma.$transaction((tx) => audit.record(event(w * 250 + i), tx));
          }),
        );
      }),
    ]);
    rows.push([
      'stage() in a Prisma $transaction, 16 writers, then drain() (as audited reads do)',
      16 * 250,
      await rate(16 * 250, async () => {
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = 0; i < 250; i++)
              await prisma.$transaction((tx) => audit.stage([event(w * 250 + i)], tx));
          }),
        );
        await sequencer.drain(); // counted: every event is in the chain when the clock stops
      }),
    ]);
    rows.push([
      'recordMany(100), 1 writer',
      50_000,
      await rate(50_000, async () => {
        for (let b = 0; b < 500; b++)
          await audit.recordMany(Array.from({ length: 100 }, (_, i) => event(b * 100 + i)));
      }),
    ]);

    // Fill up to VERIFY_EVENTS with large batches, then time a full verification.
    const have = Number((await pool.query('SELECT "seq" FROM "audit_chain_head"')).rows[0].seq);
    const fillStarted = performance.now();
    for (let done = have; done < VERIFY_EVENTS; done += 5000) {
      await audit.recordMany(
        Array.from({ length: Math.min(5000, VERIFY_EVENTS - done) }, (_, i) => event(done + i)),
      );
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const verifyStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await verifier.verify();
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (!report.intact) throw new Error(`bench chain does not verify: ${JSON.stringify(report.firstBad)}`);
    return [
      {
        title: 'Audit append throughput',
        columns: ['scenario', 'events', 'events/s'],
        rows,
        notes: [
          'goal ≥ 5,000 appends/s',
          'each record() is one audit_append call under the chain-head row lock',
        ],
      },
      {
        title: 'Audit chain verification',
        columns: ['events', 'seconds', 'events/s', 'events per Node CPU-second', 'RSS after (MiB)'],
        rows: [
          [
            report.eventsChecked,
            round(verifySeconds, 2),
            round(report.eventsChecked / verifySeconds, 0),
            round(report.eventsChecked / cpuSeconds, 0),
            round(process.memoryUsage().rss / 2 ** 20, 0),
          ],
        ],
        notes: [
          `goal ≥ 200,000 events/s; filled with recordMany(5000) in ${round(fillSeconds, 1)} s`,
          'set AUDIT_BENCH_VERIFY_EVENTS to change the count',
          'events per Node CPU-second: the verifier process alone, independent of other load on the machine (PostgreSQL works on another core in parallel)',
        ],
      },
    ];
  } finally {
    await prisma.$disconnect();
    await pool.end().catch(() => undefined);
    await db.close();
  }
}
