import pg from 'pg';
import { PatientAccessService } from '../../src/access/patient-access.service.js';
import { CurrentEntriesReader } from '../../src/records/current-entries.js';
import { EntryWrites } from '../../src/records/entry-writes.js';
import { RecordsService } from '../../src/records/records.service.js';
import { actor, patientOf } from './records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Records announce written entries after commit (a NOTIFY in the writing transaction), to every
 * process that listens — the embedding worker subscribes instead of being kicked by retrieval.
 */
describe('announced entry writes', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  let heard = 0;
  const note = (text: string) => ({ kind: 'note', occurredAt: new Date(), body: { text } });
  const nextAnnouncement = () => {
    const before = heard;
    return async () => {
      for (let i = 0; i < 100 && heard === before; i++) await new Promise((r) => setTimeout(r, 20));
      return heard - before;
    };
  };

  beforeAll(async () => {
    t = await createTestApp({}, { ready: false });
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    await t.app.get(EntryWrites).subscribe(() => heard++);
  });
  afterAll(() => t.close());

  it('announces an entry written through the API, once its transaction committed', async () => {
    const waited = nextAnnouncement();
    const view = await t.app.get(RecordsService).addEntry(patientId, note('Seen in clinic.'), doctor.caller);
    expect(await waited()).toBe(1);
    expect(view.text).toBe('Seen in clinic.');
  });

  it('announces an import transaction once, after its commit, and a rolled-back one never', async () => {
    const records = t.app.get(RecordsService);
    const committed = nextAnnouncement();
    await t.prisma.$transaction(async (tx) => {
      await records.addEntries(patientId, [note('one'), note('two')], { userId: doctor.user.id }, tx);
      await records.addEntries(patientId, [note('three')], { userId: doctor.user.id }, tx);
    });
    expect(await committed()).toBe(1);
    const rolledBack = nextAnnouncement();
    await expect(
      t.prisma.$transaction(async (tx) => {
        await records.addEntries(patientId, [note('never')], { userId: doctor.user.id }, tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rolledBack()).toBe(0);
  });

  it('reaches a listener on another connection (another node)', async () => {
    const client = new pg.Client({ connectionString: t.database.appUrl });
    await client.connect();
    try {
      const received = new Promise<string>((resolve) => client.on('notification', (m) => resolve(m.channel)));
      await client.query('LISTEN anamnesis_entries_written');
      await t.app.get(RecordsService).addEntry(patientId, note('Another node hears this.'), doctor.caller);
      expect(await received).toBe('anamnesis_entries_written');
    } finally {
      await client.end();
    }
  });

  it('the read port returns what was written, newest first, with its text', async () => {
    const scope = t.app.get(PatientAccessService).systemScope(patientId, t.prisma);
    const reader = t.app.get(CurrentEntriesReader);
    const { entries, more, stamp } = await reader.currentEntries(
      scope,
      { limit: 2 },
      { audit: null, stamp: true },
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]!.text).toBe('Another node hears this.');
    expect(more).toBe(true);
    expect(stamp).toBe(await reader.stamp(scope));
    const all = await reader.currentEntries(scope, [{ kinds: ['note'] }, { ids: [entries[0]!.id] }], {
      audit: null,
    });
    expect(all.entries.map((e) => e.text)).toHaveLength(5);
    expect(new Set(all.entries.map((e) => e.id)).size).toBe(5);
    expect(all.more).toBe(false);
    const recent = await reader.currentEntries(
      scope,
      { since: entries[0]!.occurredAt, excludeKinds: ['problem'] },
      { audit: null },
    );
    expect(recent.entries.map((e) => e.id)).toContain(entries[0]!.id);
    expect(recent.entries.every((e) => e.occurredAt >= entries[0]!.occurredAt)).toBe(true);
    expect((await reader.currentEntries(scope, { kinds: ['problem'] }, { audit: null })).entries).toEqual([]);
  });
});
