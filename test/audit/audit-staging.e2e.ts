import pg from 'pg';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { canonical, toStoredEvent } from '../../src/audit/canonical.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { createAuditHarness, sampleEvent, type AuditHarness } from './audit-harness.js';

/**
 * Staged audit events (the HL7 import's path): written in the caller's transaction without the
 * chain-head lock, chained afterwards by the sequencer, as protected as chained rows meanwhile.
 */
describe('staged audit events', () => {
  let h: AuditHarness;
  let prisma: PrismaService;
  const count = async (table: string) => (await h.sql(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n;

  beforeAll(async () => {
    h = await createAuditHarness(24);
    prisma = new PrismaService(h.pool);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await h.close();
  });

  it('commit or roll back with the work, and reach the chain only through the sequencer', async () => {
    await prisma.$transaction(async (tx) => h.audit.stage([sampleEvent(1), sampleEvent(2)], tx));
    await expect(
      prisma.$transaction(async (tx) => {
        await h.audit.stage([sampleEvent(3)], tx);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await count('audit_pending')).toBeLessThanOrEqual(2); // the poke may already have chained them
    await h.sequencer.drain();
    expect(await count('audit_pending')).toBe(0);
    const chained = await h.sql(`SELECT "correlation_id" FROM "audit_events" ORDER BY "seq"`);
    expect(chained.rows.map((r) => r.correlation_id)).toEqual(['req-1', 'req-2']);
    expect(await h.verifier.verify()).toMatchObject({ intact: true, eventsChecked: 2 });
  });

  it('verify() chains what is staged before it walks', async () => {
    await h.sql(`INSERT INTO "audit_pending" ("canonical") VALUES ($1)`, [
      canonical(toStoredEvent(sampleEvent(4), new Date())),
    ]);
    expect(await count('audit_pending')).toBe(1);
    expect(await h.verifier.verify()).toMatchObject({ intact: true, eventsChecked: 3 });
    expect(await count('audit_pending')).toBe(0);
  });

  it('refuses to change or remove a staged event that is not chained yet', async () => {
    const text = canonical(toStoredEvent(sampleEvent(5), new Date()));
    await h.sql(`INSERT INTO "audit_pending" ("canonical") VALUES ($1)`, [text]);
    await expect(h.sql(`UPDATE "audit_pending" SET "canonical" = "canonical"`)).rejects.toThrow(
      /append-only/,
    );
    await expect(h.sql(`DELETE FROM "audit_pending"`)).rejects.toThrow(/only once it is chained/);
    await expect(h.sql(`TRUNCATE "audit_pending"`)).rejects.toThrow(/append-only/);
    expect(await count('audit_pending')).toBe(1);
    await h.sequencer.drain();
    expect(await count('audit_pending')).toBe(0);
  });

  it("takes a staged event's id from its text, so a forged id cannot let it go unchained", async () => {
    await h.audit.record(sampleEvent(7));
    const chained = (await h.sql(`SELECT "id" FROM "audit_events" ORDER BY "seq" DESC LIMIT 1`)).rows[0].id;
    const text = canonical(toStoredEvent(sampleEvent(8), new Date()));
    // The inserter claims the staged row is an event already in the chain.
    await h.sql(`INSERT INTO "audit_pending" ("canonical", "event_id") VALUES ($1, $2::uuid)`, [
      text,
      chained,
    ]);
    const staged = (await h.sql(`SELECT "event_id" FROM "audit_pending"`)).rows;
    expect(staged).toEqual([{ event_id: JSON.parse(text)[1] }]);
    await expect(h.sql(`DELETE FROM "audit_pending"`)).rejects.toThrow(/only once it is chained/);
    await h.sequencer.drain();
    expect(await count('audit_pending')).toBe(0);
    expect(await h.verifier.verify()).toMatchObject({ intact: true });
  });

  it.each([
    ['not JSON', 'hello'],
    ['not a v1 array', '["v0"]'],
    ['a bad id', canonical(toStoredEvent(sampleEvent(6), new Date())).replace(/"[0-9a-f-]{36}"/, '"x"')],
    ['an unknown action', canonical(toStoredEvent(sampleEvent(3), new Date())).replace(',"R",', ',"Z",')],
  ])('rejects %s at staging time, so it can never block the sequencer', async (_, text) => {
    await expect(h.sql(`INSERT INTO "audit_pending" ("canonical") VALUES ($1)`, [text])).rejects.toThrow();
    expect(await count('audit_pending')).toBe(0);
  });

  it('16 writers and two sequencers ("two nodes") make one unbroken chain, each event once', async () => {
    const before = Number((await h.sql(`SELECT "seq" FROM "audit_chain_head"`)).rows[0].seq);
    const otherPool = new pg.Pool({ connectionString: h.db.url, max: 4 });
    const otherNode = new AuditSequencer(otherPool);
    let writing = true;
    const sequencing = Promise.all(
      [h.sequencer, otherNode].map(async (sequencer) => {
        while (writing) await sequencer.drain();
      }),
    );
    const writer = async (w: number) => {
      for (let i = 0; i < 500; i++) {
        const event = { ...sampleEvent(i), correlationId: `w${w}-${i}` };
        if (w % 4 === 0) await h.audit.record(event);
        else if (w % 4 === 1) await prisma.$transaction((tx) => h.audit.record(event, tx));
        else await prisma.$transaction((tx) => h.audit.stage([event], tx));
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
    writing = false;
    await sequencing;
    await otherPool.end();

    const report = await h.verifier.verify();
    expect(report).toMatchObject({ intact: true, eventsChecked: before + 8000 });
    const perWriter = await h.sql(
      `SELECT split_part("correlation_id", '-', 1) AS w, count(*)::int AS n, count(DISTINCT "correlation_id")::int AS d
         FROM "audit_events" WHERE "correlation_id" LIKE 'w%' GROUP BY 1`,
    );
    expect(perWriter.rows).toHaveLength(16);
    expect(perWriter.rows.every((r) => r.n === 500 && r.d === 500)).toBe(true);
    expect(await count('audit_pending')).toBe(0);
  }, 120_000);

  it('a staging failure fails the caller, like any audit write', async () => {
    const broken = new AuditService(h.pool, h.sequencer);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('CREATE TEMP TABLE "audit_pending" ("nope" int) ON COMMIT DROP');
        await broken.stage([sampleEvent(9)], tx);
      }),
    ).rejects.toThrow();
  });
});
