import { randomUUID } from 'node:crypto';
import { AuditDenials } from '../../src/audit/audit-denials.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { authHeader, userWithToken } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('compliance review API (/api/audit)', () => {
  let t: TestApp;
  let token: string;
  let complianceId: string;
  const clinician = randomUUID();
  const nurse = randomUUID();

  beforeAll(async () => {
    t = await createTestApp({ AUDIT_WORKING_HOURS: '07-19', AUDIT_TIMEZONE: 'UTC' });
    const compliance = await userWithToken(t, 'compliance');
    token = compliance.token;
    complianceId = compliance.user.id;
    const audit = t.app.get(AuditService);
    await audit.recordMany([
      {
        type: 'auth.login',
        action: 'E',
        outcome: 'success',
        actor: { userId: clinician, role: 'clinician' },
      },
      { type: 'auth.login', action: 'E', outcome: 'failure', actor: { address: '10.9.9.9' } },
      {
        type: 'patient.read',
        action: 'R',
        outcome: 'denied',
        actor: { userId: nurse, role: 'nurse' },
        patientId: 'p-1',
      },
      {
        type: 'breakglass.start',
        action: 'E',
        outcome: 'success',
        actor: { userId: nurse, role: 'nurse' },
        patientId: 'p-1',
        purposeOfUse: 'emergency',
        reason: '=cmd|unconscious, no team on site',
      },
      ...Array.from({ length: 25 }, (_, i) => ({
        type: 'patient.read',
        action: 'R' as const,
        outcome: 'success' as const,
        actor: { userId: clinician, role: 'clinician' },
        patientId: `p-${i}`,
        entity: { type: 'Entry', ids: [`e-${i}`, `f-${i}`] },
      })),
    ]);
  });
  afterAll(() => t.close());

  const get = (url: string, headers = authHeader(token)) => t.app.inject({ method: 'GET', url, headers });

  it('is closed to the unauthenticated and to clinical roles', async () => {
    expect((await get('/api/audit/events', {} as never)).statusCode).toBe(401);
    const other = await userWithToken(t, 'clinician');
    for (const path of ['events', 'verify', 'export', 'anomalies', 'checkpoints']) {
      expect((await get(`/api/audit/${path}`, authHeader(other.token))).statusCode).toBe(403);
    }
  });

  it('pages through filtered events with a cursor and reports totals', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const totals: number[] = [];
    do {
      const response = await get(
        `/api/audit/events?actorUserId=${clinician}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      const page = response.json();
      totals.push(page.total);
      seen.push(...page.items.map((i: { seq: string }) => i.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(totals)).toEqual(new Set([26])); // every page reports the filter's total
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('filters denied and break-glass events and flags them', async () => {
    const denied = (await get('/api/audit/events?denied=true&type=patient.read')).json();
    expect(denied.items.map((i: { type: string }) => i.type)).toEqual(['patient.read']);
    expect(denied.items[0].flags).toEqual(expect.arrayContaining(['denied', 'outside-care-team']));
    const glass = (await get('/api/audit/events?breakGlass=true')).json();
    expect(glass.total).toBe(1);
    expect(glass.items[0]).toMatchObject({ purposeOfUse: 'emergency', patientId: 'p-1' });
    expect(glass.items[0].flags).toEqual(expect.arrayContaining(['break-glass', 'outside-care-team']));
    expect(glass.totals).toMatchObject({ 'break-glass': 1, denied: 0 });
    const auth = (await get('/api/audit/events?type=auth.')).json();
    expect(auth.total).toBe(2);
  });

  it('flags after-hours access by AUDIT_WORKING_HOURS in AUDIT_TIMEZONE', async () => {
    const page = (await get('/api/audit/events?limit=500')).json();
    for (const item of page.items as { recordedAt: string; flags: string[] }[]) {
      const at = new Date(item.recordedAt);
      const outside =
        at.getUTCDay() === 0 || at.getUTCDay() === 6 || at.getUTCHours() < 7 || at.getUTCHours() >= 19;
      expect(item.flags.includes('after-hours')).toBe(outside);
    }
  });

  it('rejects malformed filters', async () => {
    expect((await get('/api/audit/events?actorUserId=nope')).statusCode).toBe(400);
    expect((await get('/api/audit/events?flag=everything')).statusCode).toBe(400);
    expect((await get('/api/audit/events?cursor=1;drop')).statusCode).toBe(400);
  });

  it('audits reads of the audit log', async () => {
    expect((await get('/api/audit/events?patient=p-1')).json().total).toBe(3); // CONTRACT.md's name
    const reads = (await get(`/api/audit/events?type=audit.read&actorUserId=${complianceId}`)).json();
    expect(reads.items.some((i: { patientId: string | null }) => i.patientId === 'p-1')).toBe(true);
  });

  it('flags an actor reading far more patients than their baseline', async () => {
    const body = (await get('/api/audit/anomalies')).json();
    expect(body.volume).toEqual([
      expect.objectContaining({ actorUserId: clinician, distinctPatients: 25, baseline: 0 }),
    ]);
  });

  it('exports CSV with defused formulas', async () => {
    const response = await get(`/api/audit/export?format=csv&actor=${nurse}`); // CONTRACT.md's name
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,id,recorded_at,type/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`"'=cmd|unconscious, no team on site"`);
  });

  it('exports FHIR R4 AuditEvent NDJSON with the required elements', async () => {
    const response = await get('/api/audit/export?format=fhir');
    expect(response.headers['content-type']).toContain('application/fhir+ndjson');
    const resources = response.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(resources.length).toBeGreaterThanOrEqual(29);
    for (const r of resources) {
      expect(r.resourceType).toBe('AuditEvent');
      expect(r.type).toEqual(
        expect.objectContaining({ system: expect.any(String), code: expect.any(String) }),
      );
      expect(Date.parse(r.recorded)).not.toBeNaN();
      expect(r.agent.length).toBeGreaterThanOrEqual(1);
      expect(r.agent.every((a: { requestor: unknown }) => typeof a.requestor === 'boolean')).toBe(true);
      expect(r.source.observer).toBeDefined();
      for (const e of r.entity ?? []) expect(e.what).toBeDefined();
    }
    const glass = resources.find((r) => r.subtype[0].code === 'breakglass.start');
    expect(glass.purposeOfEvent[0].coding[0].code).toBe('ETREAT');
    expect(glass.entity[0].what.reference).toBe('Patient/p-1');
  });

  it('verifies the chain and lists signed checkpoints', async () => {
    const verify = (await get('/api/audit/verify')).json();
    expect(verify).toMatchObject({ intact: true });
    const { AuditCheckpoints } = await import('../../src/audit/audit-checkpoints.js');
    await t.app.get(AuditCheckpoints).checkpoint();
    const list = (await get('/api/audit/checkpoints')).json();
    expect(list.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(list.checkpoints).toHaveLength(1);
    expect((await get('/api/audit/verify')).json()).toMatchObject({ intact: true, checkpointsChecked: 1 });
    expect((await get('/api/audit/verify?mode=incremental')).json()).toMatchObject({
      intact: true,
      checkpointsChecked: 1,
    });
    expect((await get('/api/audit/verify?mode=everything')).statusCode).toBe(400);
  });

  it('records refused requests as access.denied (once), with the route', async () => {
    const other = await userWithToken(t, 'nurse');
    await get('/api/audit/verify', authHeader(other.token));
    await get('/api/audit/verify', {} as never);
    type Denial = {
      outcome: string;
      flags: string[];
      entity: { ids: string[] };
      actor: { userId: string | null };
    };
    let onVerify: Denial[] = [];
    const done = () =>
      onVerify.some((d) => d.actor.userId === other.user.id) && onVerify.some((d) => d.actor.userId === null);
    for (let i = 0; i < 100 && !done(); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20)); // written after the response
      await t.app.get(AuditDenials).flush(); // unauthenticated 401s: one event per address and minute
      const page = (await get('/api/audit/events?type=access.denied&limit=500')).json();
      onVerify = (page.items as Denial[]).filter((d) => d.entity.ids.includes('GET /api/audit/verify'));
    }
    expect(onVerify.filter((d) => d.actor.userId === other.user.id)).toHaveLength(1);
    // Unauthenticated ones are aggregated per address and minute (the minute's other routes beside it).
    expect(onVerify.filter((d) => d.actor.userId === null).length).toBeGreaterThanOrEqual(1);
    expect(onVerify.every((d) => d.outcome === 'denied' && d.flags.includes('denied'))).toBe(true);
  });
});
