import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { benchDatabase, drained } from './bench-database.js';
import { quantile, round, type BenchTable } from './table.js';

/**
 * A mixed real-world feed over MLLP: ADT 60 % (admit, transfer, update, discharge, a
 * cancelled discharge, merges), ORU 30 % (finals, corrections, deletions), MDM 10 % (original, edit,
 * addendum). Each patient's messages go over one connection in order, as an interface engine
 * sends them; 8 connections. Reports ACKed and mapped msg/s.
 */
const MESSAGES = Number(process.env.INGEST_FEED_MESSAGES ?? 3_000);
const CONNECTIONS = 8;
let control = 0;

const msh = (type: string) =>
  `MSH|^~\\&|EPIC|GENHOSP|ANAMNESIS|CLINIC|20261201083000||${type}|FEED-${++control}|P|2.5.1||||||UNICODE UTF-8`;
const pid = (n: number) => `PID|1||F${n}^^^GENHOSP^MR||FEED^PATIENT${n}||19600101|F`;
const pv1 = (n: number, location: string, discharge = '') =>
  `PV1|1|I|${location}^^GENHOSP||||||||||||||||V${n}^^^GENHOSP^VN${'|'.repeat(25)}20261201080000|${discharge}`;
const adt = (event: string, n: number, ...segments: string[]) =>
  [msh(`ADT^${event}^ADT_${event}`), `EVN|${event}|20261201083000`, pid(n), ...segments].join('\r');
const oru = (n: number, order: number, value: string, status: string) =>
  [
    msh('ORU^R01^ORU_R01'),
    pid(n),
    `OBR|1||ORD${n}-${order}^LAB|24323-8^Panel^LN|||20261201060000|||||||||||||||20261201070000|||${status === 'F' ? 'F' : 'C'}`,
    `OBX|1|NM|2345-7^Glucose^LN||${value}|mmol/L|3.9-5.5|N|||${status}`,
    `OBX|2|NM|2160-0^Creatinine^LN||88|umol/L|60-110|N|||${status === 'D' ? 'F' : status}`,
  ].join('\r');
const mdm = (event: string, n: number, doc: string, parent = '') =>
  [
    msh(`MDM^${event}^MDM_T02`),
    `EVN|${event}|20261201090000`,
    pid(n),
    `TXA|1|DS^Discharge summary|TX|20261201090000||||||||${doc}^EPIC|${parent ? `${parent}^EPIC` : ''}||||AU||AV`,
    `OBX|1|TX|18842-5^Discharge summary^LN||Summary ${event} for patient ${n}.||||||F`,
  ].join('\r');

/** One patient's story, 10 messages: 6 ADT, 3 ORU, 1 MDM; every 10th patient is merged into the previous one. */
function story(n: number): string[] {
  const messages = [
    adt('A01', n, pv1(n, '4W')),
    oru(n, 1, '7.2', 'F'),
    adt('A02', n, pv1(n, 'ICU')),
    oru(n, 1, '6.9', 'C'),
    adt('A08', n, pv1(n, 'ICU')),
    mdm(n % 3 === 0 ? 'T08' : n % 3 === 1 ? 'T02' : 'T06', n, `D${n}`, n % 3 === 2 ? `D${n - 1}` : ''),
    oru(n, 2, '5.0', n % 5 === 0 ? 'D' : 'F'),
    adt('A03', n, pv1(n, 'ICU', '20261203110000')),
    adt(n % 4 === 0 ? 'A13' : 'A08', n, pv1(n, 'ICU')),
  ];
  messages.push(n % 10 === 9 ? adt('A40', n - 1, `MRG|F${n}^^^GENHOSP^MR`) : adt('A31', n));
  return messages;
}

async function counts(prisma: PrismaService) {
  const rows = await prisma.ingestMessage.groupBy({ by: ['status'], _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count])) as Record<string, number>;
}

export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const port = await app.get(MllpListener).start(0);
    const prisma = app.get(PrismaService);
    const patients = Math.ceil(MESSAGES / 10);
    const lanes: string[][] = Array.from({ length: CONNECTIONS }, () => []);
    // Patients n-1 and n (merged) share a lane: the merge follows both stories in order.
    for (let n = 0; n < patients; n++) lanes[Math.floor(n / 10) % CONNECTIONS]!.push(...story(n));
    const total = lanes.reduce((sum, lane) => sum + lane.length, 0);
    const clients = await Promise.all(lanes.map(() => MllpClient.connect(port)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, i) => {
        for (const message of lanes[i]!) {
          const sent = performance.now();
          const ack = await client.send(message);
          latencies.push(performance.now() - sent);
          if (!ack.includes('MSA|AA|'))
            throw new Error(`not acknowledged AA: ${ack.toString().split('\r')[1]}`);
        }
      }),
    );
    const acked = (performance.now() - started) / 1000;
    await Promise.all(clients.map((client) => client.close()));
    while ((await prisma.ingestMessage.count({ where: { status: 'queued' } })) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mapped = (performance.now() - started) / 1000;
    const status = await counts(prisma);
    const versions = await prisma.entryVersion.count({ where: { version: { gt: 1 } } });
    return [
      {
        title: 'Mixed HL7 feed over MLLP, durable and mapped (ADT 60 %, ORU 30 %, MDM 10 %; 8 connections)',
        columns: [
          'messages',
          'ACKed msg/s',
          'ACK p50 ms',
          'ACK p99 ms',
          'stored + mapped msg/s',
          'processed',
          'quarantined',
          'revisions written',
        ],
        rows: [
          [
            total,
            round(total / acked, 0),
            round(quantile(latencies, 0.5), 2),
            round(quantile(latencies, 0.99), 2),
            round(total / mapped, 0),
            status.processed ?? 0,
            status.quarantined ?? 0,
            versions,
          ],
        ],
        notes: [
          'per patient: A01, ORU final, A02, ORU correction, A08, MDM (T02/T06 addendum/T08 edit), ORU (every 5th a deletion), A03, A13 or A08, A31 — every 10th patient merged (A40) into the previous one',
          'mapping runs in the same process (4 fetch loops) and steps back while senders wait (INGEST_MAP_MAX_LAG_MS)',
        ],
      },
    ];
  } finally {
    await app.close().catch((error: unknown) => console.error('app.close failed', error));
    await drained(db.url);
    await db.close();
  }
}
