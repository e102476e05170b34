import { DemoSeedService, DEMO_USERS } from '../../src/demo/demo-seed.service.js';
import { DEMO_PATIENTS } from '../../src/demo/demo-patients.js';
import { authHeader, bearerFor, login } from '../support/auth.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('demo:seed', () => {
  let t: TestApp;
  const password = 'demo-passphrase-for-tests';
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(DemoSeedService).seed(password);
  });
  afterAll(() => t.close());

  const userByEmail = (email: string) => t.prisma.user.findUniqueOrThrow({ where: { email } });

  it('creates a user of every role who can sign in with the given password', async () => {
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(
      new Set(['admin', 'clinician', 'nurse', 'compliance']),
    );
    const response = await login(t, { email: 'dr.hale@demo.anamnesis.test', password });
    expect(response.statusCode).toBe(200);
    expect(response.json().accessToken).toEqual(expect.any(String));
  });

  it("gives the clinician the demo patients' timelines, newest first", async () => {
    const clinician = await userByEmail('dr.hale@demo.anamnesis.test');
    const token = await bearerFor(t, clinician);
    const search = await t.app.inject({
      method: 'GET',
      url: '/api/patients?mrn=DEMO-1001',
      headers: authHeader(token),
    });
    expect(search.statusCode).toBe(200);
    const body = search.json();
    const patient = (Array.isArray(body) ? body : (body.items ?? body.patients))[0];
    const timeline = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}/entries`,
      headers: authHeader(token),
    });
    expect(timeline.statusCode).toBe(200);
    const items = timeline.json().items ?? timeline.json().entries;
    expect(items.length).toBe(Math.min(DEMO_PATIENTS[0]!.entries.length, items.length));
    const times = items.map((e: { occurredAt: string }) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('keeps the outside clinician out (404) and the data encrypted at rest', async () => {
    const outsider = await userByEmail('dr.outside@demo.anamnesis.test');
    const patient = await t.prisma.patient.findFirstOrThrow();
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}`,
      headers: authHeader(await bearerFor(t, outsider)),
    });
    expect(response.statusCode).toBe(404);
    const raw = await t.prisma.$queryRawUnsafe<{ hit: boolean }[]>(
      "SELECT EXISTS (SELECT 1 FROM entry_versions WHERE encode(body, 'escape') ILIKE '%ibuprofen%') AS hit",
    );
    expect(raw[0]!.hit).toBe(false);
  });

  it('runs only once', async () => {
    const again = await t.app.get(DemoSeedService).seed(password);
    expect(again.seeded).toBe(false);
    expect(await t.prisma.patient.count()).toBe(DEMO_PATIENTS.length);
  });
});
