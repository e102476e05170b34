import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { person, seedPatient } from '../support/web-seed.js';
import { signIn } from './support/ui.js';

describe('web client: clinician', () => {
  let h: WebHarness;
  let drA: Awaited<ReturnType<typeof person>>;
  let seeded: Awaited<ReturnType<typeof seedPatient>>;

  beforeAll(async () => {
    h = await startWebHarness();
    drA = await person(h.t, 'clinician');
    seeded = await seedPatient(h.t, drA);
  }, 60_000);
  afterAll(() => h?.close());

  it('signs in, finds the patient by MRN and reads the record', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA);
    await page.getByRole('heading', { name: 'My patients' }).waitFor();
    await page.getByLabel('Medical record number').fill(seeded.patient.mrn);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('table', { name: 'Search results' })
      .getByRole('link', { name: 'OKONKWO, Adaeze' })
      .click();

    const header = page.getByRole('region', { name: 'Patient summary' });
    await header.getByRole('heading', { name: 'OKONKWO, Adaeze' }).waitFor();
    expect(await header.textContent()).toContain(seeded.patient.mrn);
    await page.getByLabel('Allergies').getByText('Penicillin (urticaria)').waitFor();
    await page.getByText('13 entries').waitFor();
    await screenshot(page, 'patient-timeline');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('link', { name: 'My patients' }).click();
    const recent = page.getByRole('region', { name: 'Recently opened' });
    await recent.getByRole('link', { name: 'OKONKWO, Adaeze' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, h.baseUrl, drA);
    await page.getByRole('heading', { name: 'My patients' }).waitFor();
    expect(await page.getByRole('region', { name: 'Recently opened' }).count()).toBe(0);
  });

  it('filters the timeline by kind and by words', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA, `/patients/${seeded.patient.id}`);
    await page.getByText('13 entries').waitFor();
    await page.getByLabel('Filter entries').fill('creatinine');
    await page.getByText('6 of 13 entries shown').waitFor();
    await page.getByLabel(/^Note/).uncheck();
    await page.getByText('5 of 13 entries shown').waitFor();
    expect(await page.locator('.entry-row .kind').allTextContents()).toEqual(Array(5).fill('Result'));
  });

  it('opens an entry with its version history and provenance', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA, `/patients/${seeded.patient.id}`);
    await page
      .getByRole('link', { name: /Nephrology|Creatinine rising/ })
      .first()
      .click();
    const detail = page.getByRole('article');
    await detail.getByText('Version 2').waitFor();
    expect(await detail.getByLabel('Entry text').textContent()).toContain('repeat renal panel');
    await detail.locator('.versions li').nth(1).waitFor(); // the history renders after the text
    expect(await detail.locator('.versions li').count()).toBe(2);
    expect(await detail.textContent()).toContain('Entered in Anamnesis');
    expect(page.url()).toContain(`/entries/${seeded.noteId}`);
    await screenshot(page, 'patient-entry');
  });

  it('draws a trend chart per observation code with its reference band', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA, `/patients/${seeded.patient.id}/trends`);
    const chart = page.getByRole('img', { name: /^Creatinine: 5 results/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(
      /latest 152 umol\/L \(out of range\), reference 45–110/,
    );
    expect(await chart.locator('rect.band').count()).toBe(1);
    expect(await chart.locator('circle.out').count()).toBe(2);
    await page.getByRole('img', { name: /^Potassium: 3 results/ }).waitFor();
    await screenshot(page, 'patient-trends');
    const tablet = await h.newPage({ width: 820, height: 1180 });
    await signIn(tablet, h.baseUrl, drA, `/patients/${seeded.patient.id}`);
    await tablet.getByText('13 entries').waitFor();
    await screenshot(tablet, 'patient-timeline-tablet');
    expect(await axe(tablet)).toEqual([]);
    expect(await axe(page)).toEqual([]);
  });

  it('keeps the session across a reload through the refresh cookie, and signs out', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA, `/patients/${seeded.patient.id}`);
    await page.getByText('13 entries').waitFor();
    await page.reload();
    await page.getByText('13 entries').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.reload();
    await page.getByLabel('Email').waitFor();
    expect(h.problems).toEqual([]);
  });

  it('warns before the idle logoff, and signs out after 15 minutes without input', async () => {
    const page = await h.newPage();
    await page.clock.install();
    await signIn(page, h.baseUrl, drA, `/patients/${seeded.patient.id}`);
    await page.getByText('13 entries').waitFor();
    await page.clock.fastForward('13:30');
    const warning = page.getByRole('alertdialog', { name: 'Still there?' });
    await warning.waitFor();
    await screenshot(page, 'idle-warning');
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    await page.clock.fastForward('13:30');
    await warning.waitFor();
    await page.clock.fastForward('01:40');
    await page.getByText('You were signed out after a period of inactivity.').waitFor();
    expect(await page.content()).not.toContain('OKONKWO');
    await page.reload();
    await page.getByLabel('Email').waitFor();
  });

  it('renews an expired access token through the refresh cookie and retries the request', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA);
    await page.getByRole('heading', { name: 'My patients' }).waitFor();
    let refused = 0;
    await page.route(`**/api/patients/${seeded.patient.id}`, async (route) => {
      if (refused++ === 0)
        return route.fulfill({ status: 401, contentType: 'application/json', body: '{"statusCode":401}' });
      return route.continue();
    });
    const refreshed = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200,
    );
    await page.evaluate(
      `history.pushState(null, '', '/patients/${seeded.patient.id}'); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await refreshed;
    await page.getByLabel('Allergies').getByText('Penicillin (urticaria)').waitFor();
    expect(refused).toBe(2);
  });
});
