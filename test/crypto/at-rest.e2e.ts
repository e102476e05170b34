import pg from 'pg';
import { DecryptionError, PatientErasedError } from '../../src/crypto/crypto-errors.js';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { RecordsService } from '../../src/records/records.service.js';
import { PATIENT_DEMOGRAPHICS } from '../../src/patients/demographics.js';
import { PatientErasureService } from '../../src/patients/patient-erasure.service.js';
import { ENTRY_BODY } from '../../src/records/entry-view.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, newPatient, patientOf } from '../records/records-fixtures.js';

/** Every text-like and bytea column of every table in the public schema. */
async function scanFor(client: pg.Client, needle: string): Promise<string[]> {
  const { rows: columns } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
  }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'bytea', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`,
  );
  const hits: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const condition =
      type === 'bytea'
        ? `position(convert_to($1, 'UTF8') in "${column}") > 0`
        : `"${column}"::text ILIKE '%' || $1 || '%'`;
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE ${condition}`,
      [needle],
    );
    if (rows[0]!.n > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describe('the record at rest', () => {
  let t: TestApp;
  let client: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it('holds no plaintext of a seeded patient in any column of any table', async () => {
    const doctor = await actor(t, 'clinician');
    const seeded = newPatient({
      mrn: 'MRN-PLAINTEXT-93817465',
      name: { family: 'Vantongerloo', given: ['Henrietta'] },
      address: { line: ['12 Quillfeather Lane'], city: 'Marrowbridge' },
      phone: '+44 20 7946 0958',
    });
    const patient = await patientOf(t, doctor, seeded);
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/entries`,
        headers: doctor.headers,
        payload,
      });
    await post({
      kind: 'problem',
      occurredAt: '2026-01-01T00:00:00Z',
      body: { codeSystem: 'SNOMED-CT', code: '233873004', display: 'Takotsubo cardiomyopathy' },
    });
    await post({
      kind: 'note',
      occurredAt: '2026-01-02T00:00:00Z',
      body: { text: 'Henrietta reports crushing retrosternal pain.' },
    });
    await post({
      kind: 'observation',
      occurredAt: '2026-01-03T00:00:00Z',
      body: { code: 'troponin-hs', display: 'Troponin T high sensitivity', value: 834, unit: 'ng/L' },
    });
    // Reads and searches too, so the audit trail is in the scan.
    await t.app.inject({ method: 'GET', url: `/api/patients?mrn=${seeded.mrn}`, headers: doctor.headers });
    await t.app.inject({ method: 'GET', url: `/api/patients?q=vantongerloo`, headers: doctor.headers });
    await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}/entries`,
      headers: doctor.headers,
    });
    for (const needle of [
      'Vantongerloo',
      'Henrietta',
      'MRN-PLAINTEXT-93817465',
      '93817465', // long enough never to appear by chance in random ids (4 digits did: correlation ids are hex)
      'Quillfeather',
      'Marrowbridge',
      '7946 0958',
      'Takotsubo',
      '233873004',
      'retrosternal',
      'Troponin',
      '1961-07-14',
    ]) {
      expect({ needle, hits: await scanFor(client, needle) }).toEqual({ needle, hits: [] });
    }
    // The scan itself can find things: the user's email is plaintext by design.
    expect(await scanFor(client, doctor.user.email)).toContain('users.email');
  });

  describe('tamper matrix (rows moved or altered in the database)', () => {
    let doctor: Awaited<ReturnType<typeof actor>>;
    beforeAll(async () => {
      doctor = await actor(t, 'clinician');
      await client.query('ALTER TABLE "entry_versions" DISABLE TRIGGER "entry_versions_append_only"');
    });
    afterAll(() => client.query('ALTER TABLE "entry_versions" ENABLE TRIGGER "entry_versions_append_only"'));

    const note = async (patientId: string, text: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/patients/${patientId}/entries`,
          headers: doctor.headers,
          payload: { kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text } },
        })
      ).json().id as string;
    const read = (entryId: string) =>
      t.app.inject({ method: 'GET', url: `/api/entries/${entryId}`, headers: doctor.headers });
    const copyBody = (from: string, to: string) =>
      client.query(
        'UPDATE "entry_versions" SET "body" = (SELECT "body" FROM "entry_versions" WHERE "entry_id" = $1) WHERE "entry_id" = $2',
        [from, to],
      );

    it('rejects a body moved to another entry of the same patient, or to another patient', async () => {
      const a = await patientOf(t, doctor);
      const b = await patientOf(t, doctor);
      const [a1, a2, b1] = [await note(a.id, 'one'), await note(a.id, 'two'), await note(b.id, 'three')];
      await copyBody(a1, a2);
      await copyBody(a1, b1);
      for (const id of [a2, b1]) {
        const response = await read(id);
        expect(response.statusCode).toBe(500);
        expect(response.json()).toMatchObject({
          code: 'decryption_failed',
          message: 'encrypted data could not be decrypted',
        });
        expect(response.body).not.toContain('one');
      }
      expect((await read(a1)).statusCode).toBe(200);
    });

    it('rejects demographics moved between patients, and entry bodies read as another field', async () => {
      const a = await patientOf(t, doctor);
      const b = await patientOf(t, doctor);
      await client.query(
        'UPDATE "patients" SET "demographics" = (SELECT "demographics" FROM "patients" WHERE "id" = $1) WHERE "id" = $2',
        [a.id, b.id],
      );
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/patients/${b.id}`, headers: doctor.headers })).json()
          .code,
      ).toBe('decryption_failed');
      const cipher = t.app.get(FieldCipher);
      const entryId = await note(a.id, 'field swap');
      const row = await t.prisma.entryVersion.findFirstOrThrow({
        where: { entryId },
        include: { entry: true },
      });
      const bound = { entryId, version: row.version, kind: row.entry.kind };
      await expect(
        cipher.decrypt(a.id, { ...ENTRY_BODY(row.id, bound), field: 'title' }, row.body),
      ).rejects.toThrow(DecryptionError);
      await expect(cipher.decrypt(a.id, PATIENT_DEMOGRAPHICS(row.id), row.body)).rejects.toThrow(
        DecryptionError,
      );
      await expect(cipher.decrypt(a.id, ENTRY_BODY(row.id, bound), row.body)).resolves.toBeDefined();
    });

    it('rejects flipped bits, a truncated tag, an empty value and a wrong key version with the same error', async () => {
      const a = await patientOf(t, doctor);
      const entryId = await note(a.id, 'bit flip');
      const original = (await t.prisma.entryVersion.findFirstOrThrow({ where: { entryId } })).body;
      const variants = [
        Buffer.from(original).map((byte, i) => (i === 20 ? byte ^ 1 : byte)),
        Buffer.from(original).subarray(0, original.length - 1),
        Buffer.alloc(0),
        Buffer.from(original).map((byte, i) => (i === 4 ? 2 : byte)), // DEK version 1 → 2
      ];
      for (const body of variants) {
        await client.query('UPDATE "entry_versions" SET "body" = $1 WHERE "entry_id" = $2', [body, entryId]);
        const response = await read(entryId);
        expect(response.statusCode).toBe(500);
        expect(response.json().code).toBe('decryption_failed');
      }
    });

    it('rejects a data key moved to another patient', async () => {
      const a = await patientOf(t, doctor);
      const b = await patientOf(t, doctor);
      const entryId = await note(b.id, 'key swap');
      await client.query(
        'UPDATE "patient_keys" SET "wrapped_key" = (SELECT "wrapped_key" FROM "patient_keys" WHERE "patient_id" = $1) WHERE "patient_id" = $2',
        [a.id, b.id],
      );
      t.app.get(FieldCipher)['keys'].clearCache();
      expect((await read(entryId)).json().code).toBe('decryption_failed');
    });
  });

  it('erases a patient by destroying the data key; audit metadata remains; the MRN can be reused', async () => {
    const doctor = await actor(t, 'clinician');
    const admin = await actor(t, 'admin');
    const input = newPatient();
    const patient = await patientOf(t, doctor, input);
    const hooked: string[] = [];
    t.app.get(PatientErasureService).onErase(async (patientId, tx) => {
      hooked.push(patientId);
      expect(await tx.patient.count({ where: { id: patientId, erasedAt: { not: null } } })).toBe(1);
    });
    const entry = (
      await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/entries`,
        headers: doctor.headers,
        payload: { kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text: 'to be forgotten' } },
      })
    ).json();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/patients/${patient.id}`, headers: doctor.headers }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/patients/${patient.id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/patients/${patient.id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: doctor.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/entries/${entry.id}`, headers: doctor.headers }))
        .statusCode,
    ).toBe(404);
    const row = await t.prisma.entryVersion.findFirstOrThrow({
      where: { entryId: entry.id },
      include: { entry: true },
    });
    const cipher = t.app.get(FieldCipher);
    cipher['keys'].clearCache();
    const bound = { entryId: entry.id, version: row.version, kind: row.entry.kind };
    await expect(cipher.decrypt(patient.id, ENTRY_BODY(row.id, bound), row.body)).rejects.toThrow(
      PatientErasedError,
    );
    await expect(cipher.encryptForPatient(patient.id, ENTRY_BODY('x', bound), {})).rejects.toThrow(
      PatientErasedError,
    );
    await expect(
      t.app
        .get(RecordsService)
        .addEntries(
          patient.id,
          [{ kind: 'note', occurredAt: new Date(), body: { text: 'x' } }],
          {},
          t.prisma,
        ),
    ).rejects.toThrow(PatientErasedError);
    expect(hooked).toEqual([patient.id]);
    const events = await auditTypes(t, patient.id);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['patient.create', 'entry.create', 'patient.erase']),
    );
    expect(events.find((e) => e.type === 'patient.erase')).toMatchObject({ actorUserId: admin.user.id });
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/patients', headers: doctor.headers, payload: input }))
        .statusCode,
    ).toBe(201);
  });
});
