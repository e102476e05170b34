import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, auditTypes, patientOf } from './records-fixtures.js';

describe('entries API (timeline, versions)', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
  });
  afterAll(() => t.close());

  const post = (payload: object, id = patientId, headers = doctor.headers) =>
    t.app.inject({ method: 'POST', url: `/api/patients/${id}/entries`, headers, payload });
  const get = (url: string, headers: Record<string, string> = doctor.headers) =>
    t.app.inject({ method: 'GET', url, headers });

  it('stores a typed entry with provenance and reads it back', async () => {
    const created = await post({
      kind: 'note',
      occurredAt: '2026-01-02T10:00:00Z',
      body: { text: 'Chest pain at rest.' },
    });
    expect(created.statusCode).toBe(201);
    const entry = created.json();
    expect(entry).toMatchObject({ kind: 'note', version: 1, body: { text: 'Chest pain at rest.' } });
    expect(entry.provenance).toMatchObject({ recordedById: doctor.user.id, sourceMessageId: null });
    const read = await get(`/api/entries/${entry.id}`);
    expect(read.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(read.json()).toEqual(entry); // the written entry, as the read answers it
    const again = await get(`/api/entries/${entry.id}`); // from the node's held view this time
    expect(again.body).toBe(read.body);
  });

  it.each([
    [{ kind: 'gossip', occurredAt: '2026-01-01T00:00:00Z', body: {} }, /kind/],
    [{ kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: {} }, /body\.text/],
    [{ kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text: 'x', colour: 'red' } }, /colour/],
    [
      { kind: 'observation', occurredAt: '2026-01-01T00:00:00Z', body: { code: '2160-0', value: true } },
      /body\.value/,
    ],
    [
      {
        kind: 'problem',
        occurredAt: '2026-01-01T00:00:00Z',
        body: { code: 'I20.0', display: 'Unstable angina' },
      },
      /body\.codeSystem/,
    ],
    [{ kind: 'note', occurredAt: 'soon', body: { text: 'x' } }, /occurredAt/],
    [{ kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text: 'x' }, patientId: 'x' }, /patientId/],
  ])('rejects a bad entry with 400 naming the field (%#)', async (payload, field) => {
    const before = await t.prisma.entry.count();
    const response = await post(payload);
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().message)).toMatch(field);
    expect(await t.prisma.entry.count()).toBe(before);
  });

  it('pages the timeline newest first with a cursor, filters by kind, and audits even empty pages', async () => {
    const other = await patientOf(t, doctor);
    for (let day = 1; day <= 7; day++) {
      await post(
        {
          kind: day % 2 ? 'note' : 'observation',
          occurredAt: `2025-03-0${day}T08:00:00Z`,
          body:
            day % 2
              ? { text: `day ${day}` }
              : { code: '2160-0', value: day, unit: 'mg/dL', abnormalFlag: 'H' },
        },
        other.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { occurredAt: string }[]; nextCursor: string | null } = (
        await get(`/api/patients/${other.id}/entries?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.occurredAt.slice(0, 10)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      '2025-03-07',
      '2025-03-06',
      '2025-03-05',
      '2025-03-04',
      '2025-03-03',
      '2025-03-02',
      '2025-03-01',
    ]);
    const observations = (await get(`/api/patients/${other.id}/entries?kind=observation`)).json();
    expect(observations.items).toHaveLength(3);
    expect(observations.items[0].body).toMatchObject({ value: 6, unit: 'mg/dL', status: 'final' });
    expect((await get(`/api/patients/${other.id}/entries?cursor=bm9wZQ`)).statusCode).toBe(400);
    const empty = await patientOf(t, doctor);
    expect((await get(`/api/patients/${empty.id}/entries`)).json()).toEqual({ items: [], nextCursor: null });
    expect((await auditTypes(t, empty.id)).map((e) => e.type)).toContain('entry.list');
  });

  it('amends by appending a version; the history is one call away', async () => {
    const entry = (
      await post({
        kind: 'problem',
        occurredAt: '2026-02-01T00:00:00Z',
        body: { codeSystem: 'ICD-10', code: 'I20.9', display: 'Angina' },
      })
    ).json();
    const amended = await t.app.inject({
      method: 'PUT',
      url: `/api/entries/${entry.id}`,
      headers: doctor.headers,
      payload: { body: { codeSystem: 'ICD-10', code: 'I21.4', display: 'NSTEMI' } },
    });
    expect(amended.statusCode).toBe(200);
    expect(amended.json()).toMatchObject({ id: entry.id, version: 2, body: { code: 'I21.4' } });
    expect((await get(`/api/entries/${entry.id}`)).json().body.code).toBe('I21.4');
    const versions = (await get(`/api/entries/${entry.id}/versions`)).json();
    expect(
      versions.map((v: { version: number; body: { code: string } }) => [v.version, v.body.code]),
    ).toEqual([
      [1, 'I20.9'],
      [2, 'I21.4'],
    ]);
    const timeline = (await get(`/api/patients/${patientId}/entries?kind=problem`)).json();
    expect(timeline.items.filter((i: { id: string }) => i.id === entry.id)).toHaveLength(1);
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/entries/${entry.id}`,
      headers: doctor.headers,
      payload: { body: { text: 'x' } },
    });
    expect(bad.statusCode).toBe(400);
    await expect(
      t.prisma.$executeRawUnsafe(
        `UPDATE "entry_versions" SET "version" = 9 WHERE "entry_id" = '${entry.id}'`,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.prisma.$executeRawUnsafe(`DELETE FROM "entry_versions" WHERE "entry_id" = '${entry.id}'`),
    ).rejects.toThrow(/append-only/);
  });

  it('answers 404 on every entry route to a clinician outside the care team', async () => {
    const entry = (
      await post({ kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text: 'private' } })
    ).json();
    const outsider = await actor(t, 'clinician');
    const responses = await Promise.all([
      get(`/api/entries/${entry.id}`, outsider.headers),
      get(`/api/entries/${entry.id}/versions`, outsider.headers),
      get(`/api/patients/${patientId}/entries`, outsider.headers),
      post(
        { kind: 'note', occurredAt: '2026-01-01T00:00:00Z', body: { text: 'x' } },
        patientId,
        outsider.headers,
      ),
      t.app.inject({
        method: 'PUT',
        url: `/api/entries/${entry.id}`,
        headers: outsider.headers,
        payload: { body: { text: 'x' } },
      }),
      get('/api/entries/00000000-0000-4000-8000-000000000000', outsider.headers),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(responses.map((r) => r.body).join()).not.toContain('private');
    // The same JSON error body on the routes that write their own JSON on success.
    for (const refused of responses) {
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      expect(refused.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
    }
    const compliance = await actor(t, 'compliance');
    expect((await get(`/api/entries/${entry.id}`, compliance.headers)).statusCode).toBe(403);
    expect((await get(`/api/entries/${entry.id}`, {})).statusCode).toBe(401);
  });
});
