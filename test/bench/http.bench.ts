import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createApp } from '../../src/app.factory.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { startNode, stopNode, type AppNode } from './app-process.js';
import { benchClinician } from './bench-clinician.js';
import { benchDatabase, type BenchDatabase } from './bench-database.js';
import { round, type BenchTable } from './table.js';

const ENTRIES = 500;
const DURATION_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const CONNECTIONS = [1, 16, 64];

interface Route {
  name: string;
  path: (ids: Seeded) => string;
  method?: 'GET' | 'POST';
  body?: string;
}

interface Seeded {
  patientId: string;
  entryId: string;
  token: string;
}

const ALL_ROUTES: Route[] = [
  { name: 'GET /api/health', path: () => '/api/health' },
  { name: 'GET /api/auth/me', path: () => '/api/auth/me' },
  { name: 'timeline (page of 50)', path: (s) => `/api/patients/${s.patientId}/entries?limit=50` },
  { name: 'GET /api/entries/:id', path: (s) => `/api/entries/${s.entryId}` },
  {
    name: 'retrieval',
    path: (s) => `/api/patients/${s.patientId}/retrieval`,
    method: 'POST',
    body: JSON.stringify({ question: 'creatinine trend', limit: 10 }),
  },
  {
    name: 'draft (POST reports)',
    path: (s) => `/api/patients/${s.patientId}/reports`,
    method: 'POST',
    body: JSON.stringify({ question: 'How has the creatinine changed?' }),
  },
];

/** BENCH_HTTP_ROUTES=health,timeline: only routes whose name contains one of these words. */
const only = process.env.BENCH_HTTP_ROUTES?.split(',').filter(Boolean);
const ROUTES = ALL_ROUTES.filter((route) => !only || only.some((word) => route.name.includes(word)));

/**
 * `npm run bench -- http`: the built app in its own process (`node …/src/main.js`, its own
 * database), driven from this process by autocannon — health, /me, timeline, entry, retrieval,
 * draft at 1, 16 and 64 connections, each with its ratio to /api/health in the same run; then the
 * timeline and /me against two app processes on the same database.
 */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const nodes: ChildProcess[] = [];
  try {
    const seeded = await seed(db);
    const first = await startNode(db);
    nodes.push(first.child);
    const rows: (string | number)[][] = [];
    for (const route of ROUTES) {
      for (const connections of CONNECTIONS) {
        // The ratio's health figure is taken right before the route's own run (a paired slice of
        // half the duration): on a shared machine the load changes from minute to minute.
        const health = await drive([first], ALL_ROUTES[0]!, seeded, connections, DURATION_SECONDS / 2);
        const result = await drive([first], route, seeded, connections);
        rows.push([
          route.name,
          connections,
          round(result.rps, 0),
          result.p50,
          result.p99,
          round(result.rps / health.rps, 2),
          round(result.cpuMs, 2),
          round(result.databaseCpuMs, 2),
          round(result.driverCpuMs, 2),
          result.non2xx,
          result.errors,
        ]);
      }
    }
    const second = await startNode(db);
    nodes.push(second.child);
    const twoNodes: (string | number)[][] = [];
    for (const route of ROUTES.filter((r) => !r.method && !r.name.includes('entries/'))) {
      const result = await drive([first, second], route, seeded, 64);
      twoNodes.push([route.name, 64, round(result.rps, 0), result.p50, result.p99, result.non2xx]);
    }
    return [
      {
        title: 'HTTP from a separate process: the app as `node main.js` on its own database (autocannon)',
        columns: [
          'route',
          'connections',
          'req/s',
          'p50 ms',
          'p99 ms',
          '÷ health',
          'app CPU ms/req',
          'PostgreSQL CPU ms/req',
          'autocannon CPU ms/req',
          'non-2xx',
          'errors',
        ],
        rows,
        notes: [
          `${DURATION_SECONDS} s per row (BENCH_HTTP_SECONDS; BENCH_HTTP_ROUTES=health,timeline picks routes); one patient with ${ENTRIES} encrypted notes; one clinician on its care team`,
          'app CPU ms/req: user + system CPU time of the app process per request (from /proc), which load on a shared machine changes far less than req/s; PostgreSQL (all `postgres` processes of the machine) and autocannon (this process) the same way — on 2 cores, req/s cannot exceed 2,000 ÷ their sum',
          '÷ health: req/s over GET /api/health (one database ping) at the same connection count, measured just before the row (half its duration) — the figure that survives a noisy machine',
          'the draft row creates a report per request (extractive generator, no LLM configured)',
        ],
      },
      {
        title: 'Two app processes on one database (connections split evenly)',
        columns: ['route', 'connections', 'req/s (sum)', 'p50 ms', 'p99 ms (worse)', 'non-2xx'],
        rows: twoNodes,
        notes: [
          'on one 2-core machine two nodes share the same cores: this proves correctness under load, not scaling',
        ],
      },
    ];
  } finally {
    await Promise.all(nodes.map(stopNode));
    rmSync(db.config.DATA_DIR, { recursive: true, force: true });
    await db.close();
  }
}

/** A clinician, a patient on their care team with ENTRIES notes, and an access token — through the services. */
async function seed(db: BenchDatabase): Promise<Seeded> {
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  try {
    const prisma = app.get(PrismaService);
    const { user, caller } = await benchClinician(app, 'bench-doctor@hospital.test');
    const patient = await app
      .get(PatientsService)
      .register(
        { mrn: 'BENCH-1', name: { family: 'Bench', given: ['Mark'] }, birthDate: '1960-01-01', sex: 'male' },
        caller,
      );
    const { entryIds } = await prisma.$transaction((tx) =>
      app.get(RecordsService).addEntries(
        patient.id,
        Array.from({ length: ENTRIES }, (_, i) => ({
          kind: 'note' as const,
          occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
          body: { text: `Progress note ${i}: stable, creatinine ${(1 + i / 100).toFixed(2)} mg/dL.` },
        })),
        { userId: user.id },
        tx,
      ),
    );
    const { accessToken } = await app
      .get(SessionsService)
      .open({ id: user.id, role: 'clinician', tokenVersion: 0 });
    return { patientId: patient.id, entryId: entryIds[0]!, token: accessToken };
  } finally {
    await app.close();
  }
}

interface Driven {
  rps: number;
  /** The app processes' CPU time (user + system) per request, in ms: what load on the machine barely moves. */
  cpuMs: number;
  /** PostgreSQL's (every `postgres` process on this machine) and this load generator's, the same way. */
  databaseCpuMs: number;
  driverCpuMs: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** One autocannon run per port, connections split among them, started together. */
async function drive(
  nodes: readonly AppNode[],
  route: Route,
  seeded: Seeded,
  connections: number,
  seconds = DURATION_SECONDS,
): Promise<Driven> {
  const cpuBefore = nodes.map(({ child }) => processCpuMs(child.pid!));
  const databaseBefore = postgresCpu();
  const driverBefore = process.cpuUsage();
  const results = await Promise.all(
    nodes.map(({ port }) =>
      autocannon({
        url: `http://127.0.0.1:${port}${route.path(seeded)}`,
        method: route.method ?? 'GET',
        headers: {
          authorization: `Bearer ${seeded.token}`,
          ...(route.body ? { 'content-type': 'application/json' } : {}),
        },
        ...(route.body ? { body: route.body } : {}),
        connections: Math.max(1, Math.round(connections / nodes.length)),
        duration: seconds,
      }),
    ),
  );
  const cpuSpent = nodes.reduce((sum, { child }, i) => sum + processCpuMs(child.pid!) - cpuBefore[i]!, 0);
  const databaseSpent = postgresCpuSince(databaseBefore);
  const driver = process.cpuUsage(driverBefore);
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  const perRequest = (ms: number) => (requests ? ms / requests : 0);
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    cpuMs: perRequest(cpuSpent),
    databaseCpuMs: perRequest(databaseSpent),
    driverCpuMs: perRequest((driver.user + driver.system) / 1000),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; 0 elsewhere). */
function processCpuMs(pid: number | string): number {
  try {
    // Fields after the command name: state is field 3, utime 14 and stime 15 (clock ticks, 100 Hz).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time so far of every process named `postgres` (the server and its backends; Linux only), by pid. */
function postgresCpu(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') byPid.set(pid, processCpuMs(pid));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/** PostgreSQL's CPU time since `before`: backends that ended meanwhile are not counted (their time is gone). */
function postgresCpuSince(before: Map<string, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}
