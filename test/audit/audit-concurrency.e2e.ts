import { PrismaService } from '../../src/database/prisma.service.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

describe('audit chain under concurrent writers', () => {
  let h: AuditHarness;
  let prisma: PrismaService;

  beforeAll(async () => {
    h = await createAuditHarness(24);
    prisma = new PrismaService(h.pool);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await h.close();
  });

  it('16 parallel writers × 1,000 events make one unbroken chain', async () => {
    const writer = async (w: number) => {
      for (let i = 0; i < 1000; i++) {
        const event = { ...sampleEvent(i), correlationId: `w${w}-${i}` };
        if (w % 2 === 0) {
          await h.audit.record(event); // its own (autocommit) transaction
        } else {
          // inside a caller's transaction, with other work before the audit row
          await prisma.$transaction(async (tx) => {
            await tx.$executeRawUnsafe('SELECT 1');
            await h.audit.record(event, tx);
          });
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));

    const report = await h.verifier.verify();
    expect(report).toMatchObject({ intact: true, eventsChecked: 16_000, lastSeq: '16000' });
    const perWriter = await h.sql(
      `SELECT split_part("correlation_id", '-', 1) AS w, count(*)::int AS n FROM "audit_events" GROUP BY 1`,
    );
    expect(perWriter.rows).toHaveLength(16);
    expect(perWriter.rows.every((r) => r.n === 1000)).toBe(true);
  }, 120_000);
});
