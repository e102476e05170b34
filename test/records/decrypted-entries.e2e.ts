import pg from 'pg';
import { CurrentEntriesReader } from '../../src/records/current-entries.js';
import { eventually } from '../support/eventually.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, patientOf } from './records-fixtures.js';

/**
 * A page read again is served from the node's decrypted versions (no ciphertext fetched, nothing
 * decrypted); what must still hold: the database decides on every read which versions are current
 * and every read is audited, and the plaintext leaves memory when the patient's keys are destroyed
 * — by this node or by anyone else (a trigger announces it).
 */
describe('decrypted entry versions held between reads', () => {
  let t: TestApp;
  let owner: pg.Client;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let held: CurrentEntriesReader['decrypted'];

  beforeAll(async () => {
    t = await createTestApp();
    owner = new pg.Client({ connectionString: t.database.url });
    await owner.connect();
    doctor = await actor(t, 'clinician');
    held = t.app.get(CurrentEntriesReader).decrypted;
  });

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const write = async (patientId: string, text: string) => {
    const written = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers: doctor.headers,
      payload: { kind: 'note', occurredAt: '2026-02-03T04:05:06.000Z', body: { text } },
    });
    expect(written.statusCode).toBe(201);
    return written.json().id as string;
  };
  const timeline = async (patientId: string) => {
    const answer = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}/entries`,
      headers: doctor.headers,
    });
    return {
      status: answer.statusCode,
      texts: (answer.json().items ?? []).map((e: { text: string }) => e.text),
    };
  };

  it('serves a page read again from memory, shows an amendment at once and audits every read', async () => {
    const patientId = (await patientOf(t, doctor)).id;
    const entryId = await write(patientId, 'Chest pain on exertion');
    await write(patientId, 'Troponin negative');
    expect(held.count(patientId)).toBe(0);
    const first = await timeline(patientId);
    expect(held.count(patientId)).toBe(2);
    expect(await timeline(patientId)).toEqual(first);

    const amended = await t.app.inject({
      method: 'PUT',
      url: `/api/entries/${entryId}`,
      headers: doctor.headers,
      payload: { body: { text: 'Chest pain on exertion, relieved by rest' } },
    });
    expect(amended.statusCode).toBe(200);
    const after = await timeline(patientId);
    expect(after.texts).toContain('Chest pain on exertion, relieved by rest');
    expect(after.texts).not.toContain('Chest pain on exertion');
    expect((await auditTypes(t, patientId)).filter((e) => e.type === 'entry.list')).toHaveLength(3);
  });

  it('drops the plaintext when the keys are destroyed outside this node (SQL, another node)', async () => {
    const patientId = (await patientOf(t, doctor)).id;
    await write(patientId, 'Seen before the keys went');
    const other = (await patientOf(t, doctor)).id;
    await write(other, 'Another patient, kept');
    await timeline(patientId);
    await timeline(other);
    expect(held.count(patientId)).toBe(1);
    await owner.query(
      `UPDATE patient_keys SET wrapped_key = NULL, destroyed_at = now() WHERE patient_id = $1::uuid`,
      [patientId],
    );
    await eventually(async () => held.count(patientId), 0);
    expect(held.count(other)).toBe(1);
    expect((await timeline(patientId)).status).not.toBe(200);
  });

  it('drops the plaintext at once when this node erases the patient', async () => {
    const admin = await actor(t, 'admin');
    const patientId = (await patientOf(t, doctor)).id;
    await write(patientId, 'Erased with the patient');
    await timeline(patientId);
    expect(held.count(patientId)).toBe(1);
    const erased = await t.app.inject({
      method: 'DELETE',
      url: `/api/patients/${patientId}`,
      headers: admin.headers,
    });
    expect(erased.statusCode).toBeLessThan(300);
    expect(held.count(patientId)).toBe(0);
  });
});
