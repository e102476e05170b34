import '../support/onnx-realm.js';
import pg from 'pg';
import { CareTeamService } from '../../src/access/care-team.service.js';
import { actor, auditTypes, patientOf } from '../records/records-fixtures.js';
import { listeningApp, type ListeningApp } from '../security/auth-support.js';

interface Summary {
  id: string;
  status: string;
  createdById: string;
  createdByName: string | null;
  signedByName: string | null;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

/** The reports list a clinician works from, over a real socket: pages, filters, the author's name. */
describe('reports list over HTTP', () => {
  let t: ListeningApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let colleague: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  /** Report ids, newest first, as the list must return them. */
  let newestFirst: string[];
  let signedId: string;

  beforeAll(async () => {
    t = await listeningApp();
    doctor = await actor(t, 'clinician');
    colleague = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    await t.app.get(CareTeamService).add(patientId, colleague.user.id);
    const drafted: string[] = [];
    for (const who of [doctor, colleague, doctor, colleague, doctor]) {
      const response = await t.call('POST', `/api/patients/${patientId}/reports`, {
        body: { question: 'why is the creatinine rising?' },
        headers: who.headers,
      });
      expect(response.status).toBe(201);
      drafted.push(response.body.id as string);
    }
    // The three oldest share one creation instant, as reports drafted in the same millisecond do:
    // only the id orders them, and a page boundary between them must neither repeat nor lose one.
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query(
        `UPDATE "reports" SET "created_at" = '2026-01-02T03:04:05.678Z' WHERE "id" = ANY($1)`,
        [drafted.slice(0, 3)],
      );
    } finally {
      await client.end();
    }
    const tied = drafted.slice(0, 3).sort().reverse();
    newestFirst = [drafted[4]!, drafted[3]!, ...tied];
    signedId = drafted[3]!; // the colleague's newest, signed by the doctor
    const signed = await t.call('POST', `/api/reports/${signedId}/sign`, { headers: doctor.headers });
    expect(signed.status).toBe(200);
  });
  afterAll(() => t.close());

  const list = async (query: string, who = doctor) => {
    const response = await t.call('GET', `/api/patients/${patientId}/reports?${query}`, {
      headers: who.headers,
    });
    expect(response.status).toBe(200);
    return response.body as unknown as Page;
  };
  const all = async (query: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    return { ids, pages };
  };

  it('pages newest first with a cursor, across reports drafted in the same millisecond', async () => {
    expect(await all('limit=2')).toEqual({ ids: newestFirst, pages: 3 });
    expect(await all('limit=1')).toEqual({ ids: newestFirst, pages: 5 });
    const whole = await list('limit=5');
    expect(whole.items.map((i) => i.id)).toEqual(newestFirst);
    expect(whole.nextCursor).toBeNull();
  });

  it('names the author and the signer, in the list and on the report', async () => {
    const { items } = await list('limit=50');
    const signed = items.find((i) => i.id === signedId)!;
    expect(signed).toMatchObject({
      status: 'signed',
      createdById: colleague.user.id,
      createdByName: colleague.user.email,
      signedByName: doctor.user.email,
    });
    const draft = items.find((i) => i.createdById === doctor.user.id)!;
    expect(draft).toMatchObject({ createdByName: doctor.user.email, signedByName: null });
    const report = await t.call('GET', `/api/reports/${signedId}`, { headers: doctor.headers });
    expect(report.body).toMatchObject({
      createdByName: colleague.user.email,
      signedByName: doctor.user.email,
    });
  });

  it('filters by status and by author, and pages within the filter', async () => {
    expect((await all('status=signed')).ids).toEqual([signedId]);
    expect((await all('status=draft&limit=2')).ids).toEqual(newestFirst.filter((id) => id !== signedId));
    const byColleague = await all(`author=${colleague.user.id}&limit=1`);
    expect(byColleague.ids).toHaveLength(2);
    expect(byColleague.ids[0]).toBe(signedId);
    expect((await all(`author=${colleague.user.id}&status=draft`)).ids).toEqual([byColleague.ids[1]]);
    const mine = await list(`author=${doctor.user.id}`);
    expect(mine.items.map((i) => i.createdByName)).toEqual([
      doctor.user.email,
      doctor.user.email,
      doctor.user.email,
    ]);
  });

  it('audits each page as report.list with the ids it listed', async () => {
    const page = await list('limit=2');
    const events = (await auditTypes(t, patientId)).filter((e) => e.type === 'report.list');
    expect(events[events.length - 1]!.entityIds).toEqual(page.items.map((i) => i.id));
  });

  it('refuses a forged cursor, an unknown status or author, and a stranger', async () => {
    const get = async (query: string, who = doctor) =>
      (await t.call('GET', `/api/patients/${patientId}/reports?${query}`, { headers: who.headers })).status;
    expect(await get(`cursor=${Buffer.from('yesterday|x').toString('base64url')}`)).toBe(400);
    expect(await get('status=deleted')).toBe(400);
    expect(await get('author=someone')).toBe(400);
    const stranger = await actor(t, 'clinician');
    expect(await get('limit=2', stranger)).toBe(404);
  });
});
