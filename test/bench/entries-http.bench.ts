import autocannon from 'autocannon';
import { createApp } from '../../src/app.factory.js';
import type { Caller } from '../../src/access/caller.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { PatientsService } from '../../src/patients/patients.service.js';
import { RecordsService } from '../../src/records/records.service.js';
import { benchDatabase } from './bench-database.js';
import { round, type BenchTable } from './table.js';

const ENTRIES = 200;
const DURATION_SECONDS = 10;

/**
 * Authenticated timeline reads over real HTTP (autocannon, a separate load generator in this
 * process): token verification, session check, care-team access check, decryption of a page of
 * 50 entries and its audit event, per request.
 */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const prisma = app.get(PrismaService);
  const user = await prisma.user.create({ data: { email: 'bench-doctor@hospital.test', role: 'clinician' } });
  const caller: Caller = {
    principal: { userId: user.id, role: 'clinician' },
    actor: { userId: user.id, role: 'clinician' },
    correlationId: 'bench',
  };
  const patient = await app
    .get(PatientsService)
    .register(
      { mrn: 'BENCH-1', name: { family: 'Bench', given: ['Mark'] }, birthDate: '1960-01-01', sex: 'male' },
      caller,
    );
  await prisma.$transaction((tx) =>
    app.get(RecordsService).addEntries(
      patient.id,
      Array.from({ length: ENTRIES }, (_, i) => ({
        kind: 'note',
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
  const address = app.getHttpServer().address() as { port: number };
  const rows: (string | number)[][] = [];
  for (const connections of [1, 10]) {
    const result = await autocannon({
      url: `http://127.0.0.1:${address.port}/api/patients/${patient.id}/entries?limit=50`,
      headers: { authorization: `Bearer ${accessToken}` },
      connections,
      duration: DURATION_SECONDS,
    });
    rows.push([
      connections,
      round(result.requests.average, 0),
      result.latency.p50,
      result.latency.p99,
      result.non2xx,
      result.errors,
    ]);
  }
  const audited = await prisma.auditEvent.count({ where: { type: 'entry.list' } }).catch(() => undefined);
  await app.close();
  await db.close();
  return [
    {
      title: 'Authenticated GET /api/patients/:id/entries over HTTP (autocannon, page of 50)',
      columns: ['connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
      rows,
      notes: [
        `${DURATION_SECONDS} s per row; ${ENTRIES} encrypted notes; every request verifies the EdDSA token, checks the session and care team, decrypts 50 entries and appends its audit event`,
        'autocannon runs in the same Node process as the app on the same 2 cores, so these are lower bounds',
        ...(audited !== undefined ? [`timeline read events audited during the run: ${audited}`] : []),
      ],
    },
  ];
}
