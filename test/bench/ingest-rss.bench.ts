import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { benchDatabase } from './bench-database.js';
import { round, type BenchTable } from './table.js';
import { benchTempDir } from './bench-temp.js';

/**
 * Peak RSS of `anamnesis import FILE` (the CLI, in its own process) streaming one big FHS/BHS batch
 * file — by default 1 GB (INGEST_RSS_MB) — into a fresh database. Product requirement: under 400 MB.
 * The file is written to disk in a stream (never held in memory); the CLI only stores and queues,
 * it starts no mapping workers (IngestModule starts them on the HTTP server's onReady only).
 */
const FILE_MB = Number(process.env.INGEST_RSS_MB ?? 1024);
const PATIENTS = 2_000;
const DOCUMENT_EVERY = 20;
const DOCUMENT_BASE64_BYTES = 256 * 1024;
const POLL_MS = 100;
const STDERR_TAIL = 4_000;

interface BatchFile {
  path: string;
  bytes: number;
  messages: number;
}

interface ImportRun {
  seconds: number;
  peakRssBytes: number;
  exitCode: number | null;
  stderrTail: string;
}

const LAB_RESULTS = [
  ['2345-7^Glucose^LN', 'mg/dL', '70-99', 98],
  ['2951-2^Sodium^LN', 'mmol/L', '135-145', 140],
  ['2823-3^Potassium^LN', 'mmol/L', '3.5-5.1', 4.2],
  ['2160-0^Creatinine^LN', 'mg/dL', '0.6-1.3', 0.9],
  ['718-7^Hemoglobin^LN', 'g/dL', '12-17.5', 14.1],
  ['6690-2^Leukocytes^LN', '10*3/uL', '4.5-11', 7.3],
] as const;

/** A PDF-looking document, base64: one shared payload, it is the size that matters here. */
function pdfLikeBase64(): string {
  const raw = Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n', 'latin1'),
    randomBytes(Math.ceil((DOCUMENT_BASE64_BYTES * 3) / 4)),
    Buffer.from('\n%%EOF\n', 'latin1'),
  ]);
  return raw.toString('base64').slice(0, DOCUMENT_BASE64_BYTES);
}

function birthDate(patient: number): string {
  const year = 1935 + (patient % 80);
  const month = String(1 + (patient % 12)).padStart(2, '0');
  const day = String(1 + (patient % 28)).padStart(2, '0');
  return `${year}${month}${day}`;
}

/** One ORU^R01 (accepted by the default config: LAB|HOSP, UTF-8): lab values, or one PDF report. */
function labResult(n: number, document: string | undefined): string {
  const patient = (n * 7919) % PATIENTS;
  const at = '20261129101112';
  const header = [
    `MSH|^~\\&|LAB|HOSP|ANAMNESIS|CLINIC|${at}||ORU^R01^ORU_R01|RSS-${n}|P|2.5.1||||||UNICODE UTF-8`,
    `PID|1||MRN${patient}^^^HOSP^MR||DOE^JANE^Q||${birthDate(patient)}|F|||1 MAIN ST^^SPRINGFIELD^IL^62701^USA`,
    `ORC|RE|ORD${n}|FIL${n}`,
  ];
  if (document !== undefined) {
    return [
      ...header,
      `OBR|1|ORD${n}|FIL${n}|11502-2^Laboratory report^LN|||${at}|||||||||||||||${at}||LAB|F`,
      `OBX|1|ED|11502-2^Laboratory report^LN||^AP^PDF^Base64^${document}||||||F|||${at}`,
    ].join('\r');
  }
  return [
    ...header,
    `OBR|1|ORD${n}|FIL${n}|24323-8^Comprehensive metabolic panel^LN|||${at}|||||||||||||||${at}||CH|F`,
    ...LAB_RESULTS.map(
      ([code, unit, range, value], i) =>
        `OBX|${i + 1}|NM|${code}||${round(value * (0.9 + ((n + i) % 20) / 100), 1)}|${unit}^${unit}^UCUM|${range}|N|||F|||${at}`,
    ),
  ].join('\r');
}

/** Streams a batch of about `megabytes` MB to disk, with backpressure: memory stays flat. */
async function writeBatchFile(dir: string, megabytes: number): Promise<BatchFile> {
  const path = join(dir, 'batch.hl7');
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const document = pdfLikeBase64();
  const target = megabytes * 1024 * 1024;
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('FHS|^~\\&|LAB\rBHS|^~\\&|LAB\r');
  let messages = 0;
  while (bytes < target) {
    messages++;
    await write(labResult(messages, messages % DOCUMENT_EVERY === 0 ? document : undefined) + '\r');
  }
  await write(`BTS|${messages}\rFTS|1\r`);
  out.end();
  await finished(out);
  return { path, bytes, messages };
}

/** VmRSS and VmHWM (bytes) of a live process, or undefined once it is gone (or a zombie). */
function readMemory(pid: number): { rss: number; hwm: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const rss = kb('VmRSS');
  const hwm = kb('VmHWM');
  return Number.isNaN(rss) || Number.isNaN(hwm) ? undefined : { rss: rss * 1024, hwm: hwm * 1024 };
}

/** The node flags of `npm run cli` (package.json), so the bench measures the process users run. */
function cliNodeFlags(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const flags = /\bnode ((?:--\S+ )*)dist\/cli\/main\.js/.exec(scripts.cli ?? '')?.[1];
  if (flags === undefined) throw new Error('package.json scripts.cli does not run node … dist/cli/main.js');
  return flags.trim().split(/\s+/).filter(Boolean);
}

/** `node dist/cli/main.js import FILE` (with `npm run cli`'s node flags) in a child process, its memory polled every 100 ms. */
async function importThroughCli(file: string, db: { url: string; dataDir: string }): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...cliNodeFlags(), join('dist', 'cli', 'main.js'), 'import', '--no-progress', file],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: db.dataDir, LOG_LEVEL: 'warn', CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderrTail = '';
  child.stderr.on(
    'data',
    (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL)),
  );
  let maxRss = 0;
  let lastHwm = 0;
  const poll = () => {
    const memory = child.pid === undefined ? undefined : readMemory(child.pid);
    if (!memory) return;
    maxRss = Math.max(maxRss, memory.rss);
    lastHwm = memory.hwm;
  };
  const sampler = setInterval(poll, POLL_MS);
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  return {
    seconds: (performance.now() - started) / 1000,
    peakRssBytes: Math.max(maxRss, lastHwm),
    exitCode,
    stderrTail,
  };
}

/** Rows the import left in ingest_messages, by status. */
async function storedMessages(url: string): Promise<{ total: number; queued: number; quarantined: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: number }>(
      'SELECT status::text AS status, count(*)::int AS n FROM ingest_messages GROUP BY status',
    );
    const count = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
    return {
      total: rows.reduce((sum, row) => sum + row.n, 0),
      queued: count('queued'),
      quarantined: count('quarantined'),
    };
  } finally {
    await client.end();
  }
}

export default async function (): Promise<BenchTable[]> {
  const dir = benchTempDir('ingest-rss-bench-');
  const db = await benchDatabase();
  try {
    const batch = await writeBatchFile(dir, FILE_MB);
    const run = await importThroughCli(batch.path, { url: db.url, dataDir: db.config.DATA_DIR });
    if (run.exitCode !== 0) throw new Error(`CLI import exited with ${run.exitCode}:\n${run.stderrTail}`);
    const stored = await storedMessages(db.url);
    if (stored.total !== batch.messages) {
      throw new Error(`${batch.messages} messages in the file, ${stored.total} rows in ingest_messages`);
    }
    const megabytes = batch.bytes / (1024 * 1024);
    return [
      {
        title: 'Batch file import through the CLI, streamed (peak RSS of the import process)',
        columns: [
          'file MB',
          'messages',
          'stored',
          'quarantined',
          'seconds',
          'MB/s',
          'messages/s',
          'peak RSS MB',
        ],
        rows: [
          [
            round(megabytes, 0),
            batch.messages,
            stored.queued,
            stored.quarantined,
            round(run.seconds, 1),
            round(megabytes / run.seconds, 1),
            round(batch.messages / run.seconds, 0),
            round(run.peakRssBytes / (1024 * 1024), 0),
          ],
        ],
        notes: [
          `one FHS/BHS batch of ORU^R01 over ${PATIENTS} patients: lab panels (6 OBX NM), and every ` +
            `${DOCUMENT_EVERY}th a PDF report (one OBX ED, ${DOCUMENT_BASE64_BYTES / 1024} KB base64)`,
          `\`node ${cliNodeFlags().join(' ')} dist/cli/main.js import FILE\` (as \`npm run cli\`): stored, encrypted, ` +
            'queued, audited; no mapping (the CLI starts no workers)',
          'peak RSS is the CLI process alone (max of VmRSS polled every 100 ms and its VmHWM), not the benchmark runner; ' +
            'seconds include the CLI start (Nest context, migration check); requirement: < 400 MB for 1 GB',
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.close();
  }
}
