import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { parseHl7 } from '../../src/ingest/hl7/hl7-parser.js';
import { INBOX_KEY_SUBJECT, InboxCipher } from '../../src/ingest/inbox-cipher.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adt, integrationHeaders, postHl7, waitFor } from './ingest-fixtures.js';

describe('POST /api/ingest/hl7 and the inbox', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = await integrationHeaders(t);
    admin = await integrationHeaders(t, 'admin');
  });
  afterAll(() => t.close());

  it('stores the message encrypted, queues its job in the same transaction, and answers AA echoing MSH-10', async () => {
    const response = await postHl7(t, adt('HTTP-1'), headers);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ messages: 1, accepted: 1, duplicates: 0, rejected: 0 });
    const msa = parseHl7(body.acks[0].ack).segment('MSA')!;
    expect([msa.field(1).value, msa.field(2).value]).toEqual(['AA', 'HTTP-1']);

    const row = await t.prisma.ingestMessage.findFirstOrThrow({ where: { controlId: 'HTTP-1' } });
    expect(Buffer.from(row.rawCiphertext).includes(Buffer.from('DOE^JANE'))).toBe(false);
    const raw = await t.app.get(InboxCipher).decrypt(row.id, row.rawCiphertext);
    expect(raw.toString()).toContain('DOE^JANE');
    // pg-boss keeps a finished job in its job table until deleteAfterSeconds (no archive table).
    const jobs = await t.prisma.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM pgboss.job WHERE id = $1::uuid`,
      row.jobId,
    );
    expect(jobs).toHaveLength(1);
    expect(INBOX_KEY_SUBJECT).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a repeat with the original ACK and stores nothing', async () => {
    const first = (await postHl7(t, adt('HTTP-DUP'), headers)).json();
    const before = await t.prisma.ingestMessage.count();
    const again = (await postHl7(t, adt('HTTP-DUP'), headers)).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(again.acks[0].ack).toBe(first.acks[0].ack);
    expect(await t.prisma.ingestMessage.count()).toBe(before);
  });

  it('maps queued messages in the worker and marks them processed, audited', async () => {
    await postHl7(t, adt('HTTP-WORK'), headers);
    const row = await waitFor(() =>
      t.prisma.ingestMessage.findFirst({ where: { controlId: 'HTTP-WORK', status: 'processed' } }),
    );
    expect(row.processedAt).not.toBeNull();
    await t.app.get(AuditSequencer).drain(); // the import stages its events; readers drain first
    const events = await t.prisma.auditEvent.findMany({
      where: { entityIds: { has: row.id } },
      select: { type: true },
    });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ingest.receive', 'ingest.process']));
  });

  it('answers AR for an unsupported type and AE for a broken message, keeping both in quarantine', async () => {
    // SIU is accepted (stored, not mapped); MFN is outside what the import accepts.
    const unsupported = adt('HTTP-SIU').replace('ADT^A01^ADT_A01', 'MFN^M02^MFN_M02');
    const noPid = adt('HTTP-NOPID').replace(/\rPID\|[^\r]*/, '');
    const response = (await postHl7(t, unsupported + noPid, headers)).json();
    expect(response).toMatchObject({ messages: 2, accepted: 0, rejected: 2 });
    expect(response.acks.map((a: { code: string }) => a.code)).toEqual(['AR', 'AE']);
    const err = parseHl7(response.acks[1].ack).segment('ERR')!;
    expect(err.field(3).component(1)).toBe('101');

    const list = await t.app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers: admin });
    expect(list.statusCode).toBe(200);
    const reasons = list
      .json()
      .messages.map((m: { controlId: string; reason: string }) => [m.controlId, m.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['HTTP-SIU', expect.stringContaining('unsupported_type')],
        ['HTTP-NOPID', expect.stringContaining('PID segment is missing')],
      ]),
    );
    expect(JSON.stringify(list.json())).not.toContain('DOE');
  });

  it('stores nothing of a message whose MSH-3/MSH-4 no sender may use; replays a quarantined one', async () => {
    const strict = await createTestApp({ INGEST_ALLOWED_SENDERS: 'OTHER|*' });
    try {
      const refused = (await postHl7(strict, adt('HTTP-REPLAY'), await integrationHeaders(strict))).json();
      expect(refused.acks[0].code).toBe('AR');
      expect(await strict.prisma.ingestMessage.count({ where: { controlId: 'HTTP-REPLAY' } })).toBe(0);
    } finally {
      await strict.close();
    }
    // In the permissive app a quarantined row (here a mapping failure) is queued again.
    await postHl7(t, adt('HTTP-REQUEUE'), headers);
    const row = await waitFor(() =>
      t.prisma.ingestMessage.findFirst({ where: { controlId: 'HTTP-REQUEUE', status: 'processed' } }),
    );
    await t.prisma.ingestMessage.update({
      where: { id: row.id },
      data: { status: 'quarantined', reason: 'mapping_failed: test' },
    });
    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/ingest/quarantine/${row.id}/replay`,
      headers: admin,
    });
    expect(replay.json()).toEqual({ id: row.id, status: 'queued', reason: null });
    await waitFor(() => t.prisma.ingestMessage.findFirst({ where: { id: row.id, status: 'processed' } }));
  });

  it('reports an import job with progress and a summary', async () => {
    const batch = [
      'FHS|^~\\&|LAB',
      'BHS|^~\\&|LAB',
      adt('B-1'),
      adt('B-2'),
      'BTS|2',
      'EVN|orphan',
      'BHS|^~\\&|LAB',
      adt('B-1'),
      'BTS|1',
      'FTS|2',
    ].join('\r');
    const response = (await postHl7(t, batch, headers, 'text/plain')).json();
    expect(response).toMatchObject({ messages: 4, accepted: 2, duplicates: 1, rejected: 1 });
    const job = await t.app.inject({ method: 'GET', url: `/api/ingest/jobs/${response.jobId}`, headers });
    expect(job.json()).toMatchObject({
      status: 'completed',
      accepted: 2,
      duplicates: 1,
      rejected: 1,
      bytesRead: Buffer.byteLength(batch),
    });
    expect(job.json().problems).toEqual([
      { index: 3, code: 'batch_envelope', reason: expect.stringContaining('outside a message') },
    ]);
    const list = async (query = '') =>
      (await t.app.inject({ method: 'GET', url: `/api/ingest/jobs${query}`, headers })).json().jobs;
    const [newest, ...older] = await list();
    expect(newest).toEqual(job.json()); // newest first, the same summary
    expect(older.length).toBeGreaterThan(0);
    const page = await list(`?limit=1&before=${encodeURIComponent(newest.createdAt)}`);
    expect(page).toEqual([older[0]]);
    expect((await t.app.inject({ method: 'GET', url: '/api/ingest/jobs?limit=0', headers })).statusCode).toBe(
      400,
    );
  });

  it('takes bytes as sent: invalid UTF-8 is AE, never repaired', async () => {
    const bytes = Buffer.concat([
      Buffer.from(adt('HTTP-UTF').replace('DOE^JANE', 'DO')),
      Buffer.from([0xff, 0xfe]),
    ]);
    const response = (await postHl7(t, bytes, headers, 'text/plain')).json();
    expect(response.acks[0].code).toBe('AE');
  });

  it('is for the integration and admin roles only', async () => {
    const { authHeader, userWithToken } = await import('../support/auth.js');
    const clinician = authHeader((await userWithToken(t, 'clinician')).token);
    expect((await postHl7(t, adt(), clinician)).statusCode).toBe(403);
    expect((await postHl7(t, adt(), {})).statusCode).toBe(401);
    expect((await postHl7(t, adt(), admin)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers })).statusCode).toBe(
      403,
    );
    for (const url of ['/api/ingest/status', '/api/ingest/jobs']) {
      expect((await t.app.inject({ method: 'GET', url, headers: clinician })).statusCode).toBe(403);
    }
  });
});
