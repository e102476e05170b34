// MLLP pressure measurements (issue 14 item 4), not a test:
//   node scripts/mllp-pressure.mjs <checkout with a built dist/> [frames|parallel|spread|trickle|both]
// (PostgreSQL at postgresql://postgres@127.0.0.1:5432; src/ingest/README.md, "MLLP", has the figures)
// frames:  one connection writes 30 × 15 MiB HL7 frames without reading ACKs; peak server RSS.
// trickle: 256 sockets from 127.0.0.2 send 1 byte/s outside a frame; can a real sender (127.0.0.1)
//          still get AA?
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const appDir = process.argv[2];
const mode = process.argv[3] ?? 'both';
const ADMIN = 'postgresql://postgres@127.0.0.1:5432/postgres';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const frame = (s) => Buffer.concat([Buffer.from([0x0b]), Buffer.from(s), Buffer.from([0x1c, 0x0d])]);
const adt = (id, extra = '') =>
  `MSH|^~\\&|LAB|HOSP|ANAMNESIS|CLINIC|20261129101112||ADT^A01^ADT_A01|${id}|P|2.5.1||||||UNICODE UTF-8\r` +
  `EVN|A01|20261129101112\rPID|1||MRN-${id}^^^HOSP^MR||DOE^JANE||19800101|F\rPV1|1|I|WARD^1^1\r${extra}`;
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const dbName = `h3_pressure_${Date.now()}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = `postgresql://postgres@127.0.0.1:5432/${dbName}`;
const mllpPort = await freePort();
const env = {
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: url,
  DATA_DIR: mkdtempSync(join(tmpdir(), 'h3-pressure-')),
  PORT: String(await freePort()),
  MLLP_PORT: String(mllpPort),
  MLLP_HOST: '0.0.0.0',
  INGEST_MAP_WORKERS: '0',
  LOG_LEVEL: 'warn',
};
const app = spawn(process.execPath, ['--enable-source-maps', join(appDir, 'dist/main.js')], {
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
app.stdout.on('data', (d) => (output += d));
app.stderr.on('data', (d) => (output += d));
const db = new pg.Client({ connectionString: url });
try {
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error('app did not start: ' + output.slice(-2000));
    const ok = await new Promise((resolve) => {
      const s = connect({ port: mllpPort, host: '127.0.0.1' }, () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await sleep(200);
  }
  await db.connect();
  const early = rss(app.pid);
  await sleep(15000);
  console.log(`RSS right after start ${early.toFixed(0)} MB, 15 s later ${rss(app.pid).toFixed(0)} MB`);
  const count = async () => (await db.query('SELECT count(*)::int AS n FROM ingest_messages')).rows[0].n;

  if (mode === 'frames' || mode === 'both') {
    const base = rss(app.pid);
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(app.pid))), 50);
    const nte = 'a'.repeat(3_800_000);
    const socket = connect({ port: mllpPort, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    socket.pause(); // never reads an ACK
    socket.on('error', () => undefined);
    const started = Date.now();
    const before = await count();
    for (let i = 0; i < 30; i++) {
      const body = adt(`BIG-${Date.now()}-${i}`, [1, 2, 3, 4].map((n) => `NTE|${n}||${nte}\r`).join(''));
      if (!socket.write(frame(body)))
        await Promise.race([new Promise((r) => socket.once('drain', r)), sleep(5000)]);
    }
    let stored = before;
    while (Date.now() - started < 240_000) {
      stored = await count();
      if (stored - before >= 30) break;
      await sleep(250);
    }
    clearInterval(sampler);
    console.log(
      `frames: 30 × ${(adt('x', [1, 2, 3, 4].map((n) => `NTE|${n}||${nte}\r`).join('')).length / 1048576).toFixed(1)} MiB, ` +
        `stored ${stored - before} in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ${base.toFixed(0)} MB → peak ${peak.toFixed(0)} MB; ` +
        `client bytes still unsent ${socket.writableLength}`,
    );
    socket.destroy();
    await sleep(1000);
  }

  if (mode === 'parallel' || mode === 'spread' || mode === 'both') {
    const base = rss(app.pid);
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(app.pid))), 50);
    const nte = 'a'.repeat(3_800_000);
    const before = await count();
    const started = Date.now();
    const sockets = [];
    let closedEarly = 0;
    for (let i = 0; i < 30; i++) {
      const socket = connect({
        port: mllpPort,
        host: '127.0.0.1',
        ...(mode === 'spread' ? { localAddress: `127.0.1.${10 + i}` } : {}),
      });
      socket.on('error', () => undefined);
      socket.on('close', () => closedEarly++);
      socket.pause();
      sockets.push(socket);
      socket.write(
        frame(adt(`PAR-${Date.now()}-${i}`, [1, 2, 3, 4].map((n) => `NTE|${n}||${nte}\r`).join(''))),
      );
    }
    let stored = before;
    while (Date.now() - started < 240_000) {
      stored = await count();
      if (
        stored - before >= 30 ||
        closedEarly >= 30 ||
        (closedEarly > 0 && stored - before + closedEarly >= 30)
      )
        break;
      await sleep(250);
    }
    await sleep(1000);
    clearInterval(sampler);
    console.log(
      `${mode === 'spread' ? 'spread (30 source addresses)' : 'parallel'}: 30 connections × one 14.5 MiB frame, ACKs unread: stored ${stored - before}, ${closedEarly} connections closed by the server; ` +
        `RSS ${base.toFixed(0)} MB → peak ${peak.toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    sockets.forEach((s) => s.destroy());
    await sleep(1000);
  }

  if (mode === 'trickle' || mode === 'both') {
    const tricklers = [];
    let refused = 0;
    for (let i = 0; i < 256; i++) {
      const s = connect({ port: mllpPort, host: '127.0.0.1', localAddress: '127.0.0.2' });
      s.on('error', () => undefined);
      s.on('close', () => refused++);
      tricklers.push(s);
    }
    await sleep(1000);
    const timers = tricklers.map((s) => setInterval(() => !s.destroyed && s.write('x'), 1000));
    await sleep(3000);
    const open = tricklers.filter((s) => !s.destroyed).length;
    const started = Date.now();
    const result = await new Promise((resolve) => {
      const s = connect({ port: mllpPort, host: '127.0.0.1' });
      let got = Buffer.alloc(0);
      const timeout = setTimeout(() => (s.destroy(), resolve('no ACK within 10 s')), 10_000);
      s.on('error', (e) => (clearTimeout(timeout), resolve(`error ${e.code}`)));
      s.on(
        'close',
        () => (clearTimeout(timeout), resolve(got.includes('MSA|AA') ? 'AA' : 'closed without ACK')),
      );
      s.on('data', (d) => {
        got = Buffer.concat([got, d]);
        if (got.includes(0x1c)) {
          clearTimeout(timeout);
          resolve(
            got.includes('MSA|AA') ? `AA in ${Date.now() - started} ms` : got.toString().split('\r')[1],
          );
          s.destroy();
        }
      });
      s.on('connect', () => s.write(frame(adt(`REAL-${Date.now()}`))));
    });
    console.log(
      `trickle: 256 tricklers from 127.0.0.2, ${open} still connected after 4 s; real sender: ${result}`,
    );
    timers.forEach(clearInterval);
    tricklers.forEach((s) => s.destroy());
  }
} finally {
  app.kill('SIGTERM');
  await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
  await db.end().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
