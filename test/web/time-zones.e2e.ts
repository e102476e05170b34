import type { Page } from 'playwright-core';
import { authHeader } from '../support/auth.js';
import { person, personWithMfa } from '../support/web-seed.js';
import { screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { signIn, signInWithTotp } from './support/ui.js';

/**
 * A birth date is a calendar date, not an instant. West of UTC it used to show the day
 * before ("13 Mar 1951") and the age turned a day early; the audit "When (UTC)" column showed local
 * time. Each zone runs with the browser clock pinned around the birthday so the age is deterministic.
 */
const ZONES = [
  {
    zone: 'America/New_York',
    // 20:00 EDT on 13 March is already 14 March in UTC: the birthday is tomorrow here.
    dayBefore: '2026-03-13T20:00:00-04:00',
    birthday: '2026-03-14T08:00:00-04:00',
    entryDay: '13 Mar 2026',
    entryTime: '19:30',
    zoneName: 'GMT-4',
  },
  {
    zone: 'Asia/Shanghai',
    // 07:00 CST on 14 March is still 13 March in UTC: the birthday is today here.
    dayBefore: '2026-03-13T07:00:00+08:00',
    birthday: '2026-03-14T07:00:00+08:00',
    entryDay: '14 Mar 2026',
    entryTime: '07:30',
    zoneName: 'GMT+8',
  },
] as const;

const ENTRY_AT = '2026-03-13T23:30:00.000Z';

describe('web client: dates in the user’s time zone', () => {
  let h: WebHarness;
  let drA: Awaited<ReturnType<typeof person>>;
  let officer: Awaited<ReturnType<typeof personWithMfa>>;
  let patientId: string;
  let enrolledAt = 0;

  beforeAll(async () => {
    h = await startWebHarness();
    drA = await person(h.t, 'clinician');
    officer = await personWithMfa(h.t, 'compliance');
    enrolledAt = Date.now();
    const created = await h.t.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: authHeader(drA.token),
      payload: {
        mrn: 'MRN-19510314',
        name: { family: 'Abernathy', given: ['Ruth'] },
        birthDate: '1951-03-14',
        sex: 'female',
      },
    });
    expect(created.statusCode).toBe(201);
    patientId = created.json().id;
    expect(created.json().birthDate).toBe('1951-03-14');
    const entry = await h.t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers: authHeader(drA.token),
      payload: { kind: 'note', occurredAt: ENTRY_AT, body: { text: 'Seen late in the evening.' } },
    });
    expect(entry.statusCode).toBe(201);
    const problem = await h.t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/entries`,
      headers: authHeader(drA.token),
      payload: {
        kind: 'problem',
        occurredAt: '2020-03-20T10:00:00Z',
        body: { codeSystem: 'ICD-10', code: 'I10', display: 'Essential hypertension', onset: '2020-03-14' },
      },
    });
    expect(problem.statusCode).toBe(201);
  }, 60_000);
  afterAll(() => h?.close());

  const summary = (page: Page) => page.getByRole('region', { name: 'Patient summary' });
  const field = async (page: Page, term: string) =>
    (
      await summary(page)
        .locator('div')
        .filter({ has: page.locator(`dt:text-is("${term}")`) })
        .locator('dd')
        .textContent()
    )?.trim();

  for (const z of ZONES) {
    it(`${z.zone}: shows the birth date as written and turns the age on the local birthday`, async () => {
      const page = await h.newPage(undefined, { timezoneId: z.zone });
      await page.clock.setFixedTime(z.dayBefore);
      await signIn(page, h.baseUrl, drA);
      const mine = page.getByRole('region', { name: 'In my care' });
      const row = mine.getByRole('row').filter({ hasText: 'ABERNATHY, Ruth' });
      await row.waitFor();
      expect(await row.textContent()).toContain('14 Mar 1951 (74 y)');

      await page.goto(`${h.baseUrl}/patients/${patientId}`);
      await summary(page).getByRole('heading', { name: 'ABERNATHY, Ruth' }).waitFor();
      expect(await field(page, 'Born')).toBe('14 Mar 1951');
      expect(await field(page, 'Age')).toBe('74 y');
      // The timeline groups by the local day and names the zone its times are in.
      const day = page.locator('.timeline-day').filter({ hasText: 'Seen late in the evening.' });
      expect(await day.locator('h3').textContent()).toBe(z.entryDay);
      expect(await day.locator('.entry-row .time').textContent()).toBe(z.entryTime);
      expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain(z.zone);
      // A problem's onset is a calendar date too.
      expect(
        await page.locator('.entry-row .summary').filter({ hasText: 'hypertension' }).textContent(),
      ).toBe('Essential hypertension (since 14 Mar 2020)');
      await screenshot(page, `tz-${z.zone.replace('/', '-')}-day-before`);
      // A timestamp elsewhere carries the zone's name.
      await day.locator('.entry-row').click();
      const title = page.getByRole('article').getByRole('heading', { level: 2 });
      expect(await title.textContent()).toBe(`Note · ${z.entryDay}, ${z.entryTime} ${z.zoneName}`);

      await page.clock.setFixedTime(z.birthday);
      await page.reload();
      await summary(page).getByRole('heading', { name: 'ABERNATHY, Ruth' }).waitFor();
      expect(await field(page, 'Age')).toBe('75 y');
      expect(await field(page, 'Born')).toBe('14 Mar 1951');
      expect(h.problems).toEqual([]);
    });
  }

  it('the audit trail’s "When (UTC)" column shows UTC in every zone', async () => {
    const utc = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    });
    let state: Awaited<ReturnType<ReturnType<Page['context']>['storageState']>> | undefined;
    for (const [i, z] of ZONES.entries()) {
      const page = await h.newPage(undefined, { timezoneId: z.zone, storageState: state });
      const events = page.waitForResponse((r) => r.url().includes('/api/audit/events') && r.status() === 200);
      // The TOTP of the current 30-second step (at least the next one): the zone tests before take a while.
      if (i === 0)
        await signInWithTotp(
          page,
          h.baseUrl,
          officer,
          await officer.code(Math.max(1, Math.round((Date.now() - enrolledAt) / 30_000))),
        );
      else await page.goto(`${h.baseUrl}/audit`);
      const first = ((await (await events).json()) as { items: { seq: string; recordedAt: string }[] })
        .items[0]!;
      const row = page
        .locator('table tbody tr')
        .filter({ has: page.locator(`td.mono:text-is("${first.seq}")`) });
      await row.waitFor();
      expect(await page.getByRole('columnheader', { name: 'When (UTC)' }).count()).toBe(1);
      expect(await row.locator('td').nth(1).textContent()).toBe(
        `${utc.format(new Date(first.recordedAt))} UTC`,
      );
      await screenshot(page, `tz-${z.zone.replace('/', '-')}-audit`);
      state = await page.context().storageState();
      await page.context().close();
    }
    expect(h.problems).toEqual([]);
  });
});
