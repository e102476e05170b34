import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service.js';
import { canonical, chainHash, GENESIS_HASH, type StoredEvent } from '../../src/audit/canonical.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Row extends StoredEvent {
  seq: bigint;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

describe('AuditService.record (the shared contract)', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  const rows = () => t.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } }) as unknown as Promise<Row[]>;

  it('appends hash-chained events, alone or in the caller’s transaction', async () => {
    const userId = randomUUID();
    await audit.record({
      type: 'auth.login',
      action: 'E',
      outcome: 'success',
      actor: { userId, role: 'clinician', address: '10.0.0.1', userAgent: 'jest' },
      correlationId: 'req-1',
    });
    await t.prisma.$transaction(async (tx) => {
      await audit.recordMany(
        [
          {
            type: 'patient.read',
            action: 'R',
            outcome: 'success',
            patientId: 'p1',
            entity: { type: 'Entry', ids: ['e1', 'e2'] },
          },
          {
            type: 'breakglass.start',
            action: 'E',
            outcome: 'success',
            purposeOfUse: 'emergency',
            reason: 'unconscious',
          },
        ],
        tx,
      );
    });
    const stored = await rows();
    expect(stored.map((r) => r.seq)).toEqual([1n, 2n, 3n]);
    expect(stored[0]).toMatchObject({
      type: 'auth.login',
      actorUserId: userId,
      actorRole: 'clinician',
      correlationId: 'req-1',
    });
    expect(stored[1]).toMatchObject({ patientId: 'p1', entityType: 'Entry', entityIds: ['e1', 'e2'] });
    expect(stored[2]).toMatchObject({ purposeOfUse: 'emergency', reason: 'unconscious', actorUserId: null });
    let prev: Buffer = GENESIS_HASH;
    for (const row of stored) {
      expect(Buffer.from(row.prevHash)).toEqual(prev);
      const expected = chainHash(prev, row.seq, canonical(row));
      expect(Buffer.from(row.hash)).toEqual(expected);
      prev = expected;
    }
  });

  it('rolls the event back with the caller’s transaction', async () => {
    const before = (await rows()).length;
    await expect(
      t.prisma.$transaction(async (tx) => {
        await audit.record({ type: 'entry.create', action: 'C', outcome: 'success' }, tx);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect((await rows()).length).toBe(before);
  });

  it('rejects an invalid event instead of writing it', async () => {
    await expect(audit.record({ type: 'Not A Code', action: 'R', outcome: 'success' })).rejects.toThrow(
      'invalid audit event',
    );
    await expect(
      audit.record({ type: 'x.y', action: 'R', outcome: 'success', actor: { userId: 'not-a-uuid' } }),
    ).rejects.toThrow('invalid audit event');
  });

  it('does not record a denial twice when the handler already audited it', async () => {
    const audit = t.app.get(AuditService);
    await audit.record({
      type: 'patient.read',
      action: 'R',
      outcome: 'denied',
      correlationId: 'req-already',
    });
    expect(audit.wasDeniedAudited('req-already')).toBe(true);
    expect(audit.wasDeniedAudited('req-already')).toBe(false);
  });

  it('verifies events whose text needs escaping (quotes, controls, non-ASCII, lone surrogates)', async () => {
    const odd = 'Zoë "quoted" \\ back\tslash\n新\u0001\u007f\u2028 😀 \ud800';
    await audit.record({
      type: 'breakglass.start',
      action: 'E',
      outcome: 'success',
      reason: odd,
      actor: { userAgent: odd, address: '::1' },
      entity: { type: 'Entry', ids: [odd, '', 'x,y'] },
      correlationId: 'req-odd',
    });
    const { AuditVerifier } = await import('../../src/audit/audit-verifier.js');
    expect(await t.app.get(AuditVerifier).verify()).toMatchObject({ intact: true });
  });
});
