import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../src/database/embedded-postgres.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import { finished, spawnDist, waitForOutput } from '../process/run-app.js';
import { actor, patientOf } from '../records/records-fixtures.js';
import { authHeader, bearerFor, GOOD_PASSWORD, userWithPassword } from '../support/auth.js';
import { factories } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** How long a change made on node A may take to hold on node B (the stated bound, README "Several app nodes"). */
const BOUND_MS = 2_000;

/**
 * Two app processes on one database: node A is the app in this process (driven with inject), node
 * B a real `node dist/main.js` (driven over HTTP). Node B caches verified tokens and live sessions;
 * every change made on A must hold on B within BOUND_MS — B is first made to cache what the change
 * must end.
 */
describe('two app nodes on one database', () => {
  let t: TestApp;
  let nodeB: ChildProcess;
  let exitedB: Promise<unknown>;
  let portB: number;
  let admin: Awaited<ReturnType<typeof actor>>;
  const delays: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    portB = await freePort();
    nodeB = spawnDist('main.js', {
      NODE_ENV: 'test',
      DATABASE_URL: t.database.appUrl,
      DATA_DIR: t.config.DATA_DIR, // the same development key-encryption key as node A
      HOST: '127.0.0.1',
      PORT: String(portB),
      MLLP_PORT: '0',
      LOG_LEVEL: 'info',
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
    });
    exitedB = finished(nodeB, 600_000).catch(() => undefined);
    await waitForOutput(nodeB, 'Anamnesis listening', 60_000);
    admin = await actor(t, 'admin');
  }, 90_000);

  afterAll(async () => {
    nodeB?.kill('SIGTERM');
    await exitedB;
    await t?.close();
    console.log(`two nodes — change on A → effect on B (ms): ${JSON.stringify(delays)}`);
  });

  const onB = (path: string, token: string) =>
    fetch(`http://127.0.0.1:${portB}${path}`, { headers: authHeader(token) }).then((r) => r.status);

  const onA = (method: 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** Polls node B until `path` answers `status`; returns the milliseconds it took (fails past BOUND_MS). */
  async function untilOnB(path: string, token: string, status: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      const now = await onB(path, token);
      if (now === status) return Date.now() - started;
      if (Date.now() - started > BOUND_MS) throw new Error(`node B still answers ${now} for ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** A user and a token that node B has verified and cached (two requests answered 200). */
  async function cachedOnB(role: Role = 'clinician') {
    const user = await factories(t.prisma).user({ role });
    const token = await bearerFor(t, user);
    expect(await onB('/api/auth/me', token)).toBe(200);
    expect(await onB('/api/auth/me', token)).toBe(200);
    return { user, token };
  }

  it('session revocation (logout on A) ends the session on B', async () => {
    const { token } = await cachedOnB();
    expect((await onA('POST', '/api/auth/logout', authHeader(token))).statusCode).toBe(204);
    delays.logout = await untilOnB('/api/auth/me', token, 401);
  });

  it('a password change on A ends the sessions on B', async () => {
    const user = await userWithPassword(t, 'clinician');
    const token = await bearerFor(t, user);
    expect(await onB('/api/auth/me', token)).toBe(200);
    const changed = await onA('POST', '/api/auth/password', authHeader(token), {
      currentPassword: GOOD_PASSWORD,
      newPassword: 'violet-heron-crosses-the-bridge-77',
    });
    expect(changed.statusCode).toBe(204);
    delays.passwordChange = await untilOnB('/api/auth/me', token, 401);
  });

  it('disabling a user on A refuses their token on B', async () => {
    const { user, token } = await cachedOnB();
    expect((await onA('POST', `/api/users/${user.id}/disable`, admin.headers)).statusCode).toBe(200);
    delays.disable = await untilOnB('/api/auth/me', token, 401);
  });

  it('an MFA reset on A refuses the old token on B', async () => {
    const { user, token } = await cachedOnB();
    expect((await onA('POST', `/api/users/${user.id}/reset-mfa`, admin.headers)).statusCode).toBe(200);
    delays.mfaReset = await untilOnB('/api/auth/me', token, 401);
  });

  it('a role change made in SQL (an administrator, no app involved) reaches B too', async () => {
    const { user, token } = await cachedOnB();
    await t.prisma.$executeRaw`UPDATE "users" SET "status" = 'disabled' WHERE "id" = ${user.id}::uuid`;
    delays.sql = await untilOnB('/api/auth/me', token, 401);
  });

  it('care-team removal on A closes the record on B', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    const token = doctor.headers.authorization.slice('Bearer '.length);
    const timeline = `/api/patients/${patient.id}/entries`;
    expect(await onB(timeline, token)).toBe(200);
    const removed = await onA(
      'DELETE',
      `/api/patients/${patient.id}/care-team/${doctor.user.id}`,
      admin.headers,
    );
    expect(removed.statusCode).toBe(204);
    delays.careTeamRemoval = await untilOnB(timeline, token, 404);
  });

  it('an expired break-the-glass grant stops working on B', async () => {
    const owner = await actor(t, 'clinician');
    const patient = await patientOf(t, owner);
    const outsider = await actor(t, 'clinician');
    const token = outsider.headers.authorization.slice('Bearer '.length);
    const timeline = `/api/patients/${patient.id}/entries`;
    expect(await onB(timeline, token)).toBe(404);
    const granted = await onA('POST', `/api/patients/${patient.id}/break-glass`, outsider.headers, {
      reason: 'Unconscious in the emergency department',
    });
    expect(granted.statusCode).toBe(201);
    expect(await onB(timeline, token)).toBe(200);
    // Time passes: the grant's end moves into the past (as BREAK_GLASS_MINUTES would).
    await t.prisma.breakGlassGrant.updateMany({
      where: { patientId: patient.id, userId: outsider.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    delays.breakGlassExpiry = await untilOnB(timeline, token, 404);
  });

  it('erasure on A makes the patient unreadable on B', async () => {
    const doctor = await actor(t, 'clinician');
    const patient = await patientOf(t, doctor);
    const token = doctor.headers.authorization.slice('Bearer '.length);
    const written = await onA('POST', `/api/patients/${patient.id}/entries`, doctor.headers, {
      kind: 'note',
      occurredAt: '2026-01-02T03:04:05.000Z',
      body: { text: 'Seen on node B before erasure' },
    });
    expect(written.statusCode).toBe(201);
    expect(await onB(`/api/entries/${written.json().id}`, token)).toBe(200);
    const erased = await onA('DELETE', `/api/patients/${patient.id}`, admin.headers);
    expect(erased.statusCode).toBeLessThan(300);
    delays.erasure = await untilOnB(`/api/entries/${written.json().id}`, token, 404);
  });
});
