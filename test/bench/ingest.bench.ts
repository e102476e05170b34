import { readFileSync, writeFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { buildAck } from '../../src/ingest/hl7/hl7-ack.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { ImportService } from '../../src/ingest/import.service.js';
import { MllpClient } from '../../src/ingest/mllp/mllp-client.js';
import { MllpListener } from '../../src/ingest/mllp/mllp-listener.js';
import { MllpServer } from '../../src/ingest/mllp/mllp-server.js';
import { benchDatabase, drained } from './bench-database.js';
import { benchTempDir } from './bench-temp.js';
import { quantile, round, type BenchTable } from './table.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'hl7', 'good');
const MLLP_MESSAGES = Number(process.env.INGEST_BENCH_MESSAGES ?? 4_000);

let sequence = 0;
const adt = (prefix: string) =>
  [
    `MSH|^~\\&|LAB|HOSP|ANAMNESIS|CLINIC|20261129101112||ADT^A01^ADT_A01|${prefix}-${++sequence}|P|2.5.1||||||UNICODE UTF-8`,
    'EVN|A01|20261129101112',
    `PID|1||MRN${sequence % 500}^^^HOSP^MR~99887766^^^NATION^NI||DOE^JANE^Q^^DR||19800101|F|||1 MAIN ST^^SPRINGFIELD^IL^62701^USA||(217)555-0100`,
    'PV1|1|I|WARD^101^1^HOSP||||1234^SMITH^JOHN^^^DR|||MED||||ADM|||||V123456|||||||||||||||||||||||||20261129100000',
    'DG1|1||I10^Essential hypertension^I10||20261129|A',
    'AL1|1|DA|70618^Penicillin^RxNorm|SV|Hives',
  ].join('\r') + '\r';

function parseRate(bytes: Buffer, seconds = 1.5): { perSecond: number; mbPerSecond: number } {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 100; i++) parseHl7(bytes);
    n += 100;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: round(n / elapsed, 0), mbPerSecond: round((n * bytes.length) / elapsed / 1e6, 1) };
}

/** Sends `total` messages over `connections` connections, one outstanding per connection. */
async function mllpRun(port: number, connections: number, total: number, prefix: string) {
  const clients = await Promise.all(Array.from({ length: connections }, () => MllpClient.connect(port)));
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < total / connections; i++) {
        const sent = performance.now();
        const ack = await client.send(adt(prefix));
        latencies.push(performance.now() - sent);
        if (!ack.includes('MSA|AA|')) throw new Error('not acknowledged AA');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.close()));
  return [
    connections,
    total,
    round(total / seconds, 0),
    round(quantile(latencies, 0.5), 2),
    round(quantile(latencies, 0.99), 2),
  ];
}

/** Waits until no message is left queued for mapping. */
async function allMapped(prisma: PrismaService): Promise<void> {
  while ((await prisma.ingestMessage.count({ where: { status: 'queued' } })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Durable MLLP on a receive-only node (INGEST_MAP_WORKERS=0): what one receiver sustains while other nodes map. */
async function receiverNode(columns: string[]): Promise<BenchTable> {
  const db = await benchDatabase();
  const app = await createApp(
    { config: { ...db.config, INGEST_MAP_WORKERS: 0 }, databaseUrl: db.url },
    db.logger,
  );
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const port = await app.get(MllpListener).start(0);
    await mllpRun(port, 2, 200, 'RWARM');
    return {
      title:
        'MLLP round trip, durable, on a receive-only node (INGEST_MAP_WORKERS=0; mapping runs elsewhere)',
      columns,
      rows: [await mllpRun(port, 1, MLLP_MESSAGES, 'R1'), await mllpRun(port, 8, MLLP_MESSAGES, 'R8')],
    };
  } finally {
    await app.close();
    await drained(db.url);
    await db.close();
  }
}

/** HL7 parsing, MLLP round trips (transport only, and durable: stored + encrypted + queued + audited), batch import. */
export default async function (): Promise<BenchTable[]> {
  const small = Buffer.from(adt('P'));
  const big = readFileSync(join(FIXTURES, 'cdcti_002_CA_ORU_R01.hl7'));
  const huge = readFileSync(join(FIXTURES, 'nhapi_LargeEmbeddedFile_oru_r01.hl7'));
  const parse: BenchTable = {
    title: 'HL7 v2 parsing (src/ingest/hl7, one core)',
    columns: ['message', 'bytes', 'segments', 'messages/s', 'MB/s'],
    rows: [
      ['ADT^A01 (6 segments)', small],
      ['ORU^R01 CA newborn screening (corpus)', big],
      ['ORU^R01 20 × base64 PDF (corpus)', huge],
    ].map(([name, bytes]) => {
      const rate = parseRate(bytes as Buffer);
      return [
        name as string,
        (bytes as Buffer).length,
        parseHl7(bytes as Buffer).segments.length,
        rate.perSecond,
        rate.mbPerSecond,
      ];
    }),
  };

  const transport = new MllpServer(
    { maxFrameBytes: 1 << 20, idleTimeoutMs: 60_000, frameTimeoutMs: 60_000, maxConnections: 64 },
    async (payload) => buildAck(parseHl7(payload!), { code: 'AA' }),
  );
  const transportPort = await transport.listen(0, '127.0.0.1');
  const mllpColumns = ['connections', 'messages', 'messages/s', 'ACK p50 ms', 'ACK p99 ms'];
  const bare: BenchTable = {
    title: 'MLLP round trip, parse + ACK only (no store)',
    columns: mllpColumns,
    rows: [
      await mllpRun(transportPort, 1, MLLP_MESSAGES, 'T1'),
      await mllpRun(transportPort, 8, MLLP_MESSAGES, 'T8'),
    ],
  };
  await transport.close();

  const tables = [parse, bare, await receiverNode(mllpColumns)];
  const db = await benchDatabase();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const port = await app.get(MllpListener).start(0);
    await mllpRun(port, 2, 200, 'WARM');
    const prisma = app.get(PrismaService);
    const rows = [await mllpRun(port, 1, MLLP_MESSAGES, 'D1')];
    await allMapped(prisma);
    const burstStarted = performance.now();
    rows.push(await mllpRun(port, 8, MLLP_MESSAGES, 'D8'));
    const acked = performance.now();
    const lagging = await prisma.ingestMessage.count({
      where: { status: 'queued', controlId: { startsWith: 'D8-' } },
    });
    await allMapped(prisma);
    const mapped = performance.now();
    tables.push({
      title:
        'MLLP round trip, durable (parse, encrypt, store, de-dup key, pg-boss job, audit event, commit, ACK)',
      columns: mllpColumns,
      rows,
      notes: [
        'mapping workers run in the same process meanwhile (4 fetch loops), sharing its two cores; ' +
          'while senders wait, mapping steps back (INGEST_MAP_MAX_LAG_MS, 10 s)',
        `8 connections: when the last ACK was sent, ${MLLP_MESSAGES - lagging} of the ${MLLP_MESSAGES} messages were mapped; ` +
          `all were ${round((mapped - acked) / 1000, 1)} s later (${round(MLLP_MESSAGES / ((mapped - burstStarted) / 1000), 0)} msg/s from the first sent to the last mapped)`,
      ],
    });

    const file = join(benchTempDir('ingest-bench-'), 'batch.hl7');
    const count = MLLP_MESSAGES * 2;
    const parts = ['FHS|^~\\&|LAB', 'BHS|^~\\&|LAB'];
    for (let i = 0; i < count; i++) parts.push(adt('F'));
    parts.push(`BTS|${count}`, 'FTS|1');
    writeFileSync(file, parts.join('\r'));
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const summary = await app
      .get(ImportService)
      .run(createReadStream(file), { channel: 'file', source: 'bench' });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await allMapped(prisma);
    const mappedSeconds = (performance.now() - started) / 1000;
    const quarantined = await prisma.ingestMessage.count({
      where: { status: 'quarantined', importJobId: summary.jobId },
    });
    tables.push({
      title: 'Batch file import (streamed; stored, encrypted, queued, audited, then mapped into the record)',
      columns: [
        'messages',
        'MB',
        'accepted',
        'stored msg/s',
        'stored + mapped msg/s',
        'quarantined',
        'peak RSS MB',
      ],
      rows: [
        [
          summary.messages,
          round(Buffer.byteLength(parts.join('\r')) / 1e6, 1),
          summary.accepted,
          round(count / seconds, 0),
          round(count / mappedSeconds, 0),
          quarantined,
          round(peak / 1e6, 0),
        ],
      ],
      notes: [
        'ADT^A01 with PV1, DG1, AL1 over 500 patients: each message upserts a patient and adds 3 entries',
        'peak RSS is the whole benchmark process (app, embedding model, test data), not the import alone',
      ],
    });
  } finally {
    await app.close().catch((error: unknown) => console.error('app.close failed', error));
    await drained(db.url);
    await db.close();
  }
  return tables;
}
