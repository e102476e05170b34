import { AuditDenials } from '../../src/audit/audit-denials.js';
import { listeningApp, type ListeningApp } from './auth-support.js';

/**
 * Every unauthenticated 401 was one audit row, so anyone who could reach the port
 * could grow the (append-only, never pruned) audit trail at will — before: 30 requests, 30 rows. Now
 * one event per source address per minute carries the count.
 */
describe('attack: flooding the audit trail with unauthenticated requests', () => {
  let t: ListeningApp;
  beforeAll(async () => (t = await listeningApp()));
  afterAll(() => t.close());

  const denied = () =>
    t.prisma.auditEvent.findMany({ where: { type: 'access.denied' }, orderBy: { seq: 'asc' } });

  it('answers each with 401 and writes one aggregated event for the minute, with the count', async () => {
    const paths = [
      '/api/patients?q=smith',
      '/api/users',
      '/api/audit/events',
      '/api/patients/00000000-0000-4000-8000-000000000000',
    ];
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.call('GET', paths[i % paths.length]!, { headers: { 'user-agent': 'scanner/1.0' } }),
      ),
    );
    expect(answers.every((answer) => answer.status === 401)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100)); // onResponse hooks run after the answer
    const rowsDuringMinute = (await denied()).length;
    await t.app.get(AuditDenials).flush(); // what the minute's end (or shutdown) does
    const rows = await denied();
    process.stdout.write(
      `30 unauthenticated requests: ${rowsDuringMinute} rows during the minute, ${rows.length} after it\n`,
    );
    expect(rowsDuringMinute).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'denied', actorAddress: '127.0.0.1', actorUserId: null });
    expect(rows[0]!.reason).toMatch(
      /^30 unauthenticated requests in the minute from \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/,
    );
    expect([...rows[0]!.entityIds].sort()).toEqual(
      ['GET /api/audit/events', 'GET /api/patients', 'GET /api/patients/:id', 'GET /api/users'].sort(),
    );
  });
});
