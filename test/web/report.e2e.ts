import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { person, seedPatient } from '../support/web-seed.js';
import { signIn } from './support/ui.js';

describe('web client: draft report', () => {
  let h: WebHarness;
  let drA: Awaited<ReturnType<typeof person>>;
  let seeded: Awaited<ReturnType<typeof seedPatient>>;

  beforeAll(async () => {
    h = await startWebHarness();
    drA = await person(h.t, 'clinician');
    seeded = await seedPatient(h.t, drA);
  }, 60_000);
  afterAll(() => h?.close());

  it('drafts a cited report, follows a citation to its entry, edits, signs and exports', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA, `/patients/${seeded.patient.id}`);
    await page.getByRole('link', { name: 'Draft report' }).click();
    await page.getByLabel('Clinical question').fill('Why is the creatinine rising?');
    await page.getByRole('button', { name: 'Draft report' }).click();
    await page.getByRole('heading', { name: 'Why is the creatinine rising?' }).waitFor({ timeout: 20_000 });
    const report = page.getByRole('article', { name: 'Report' });
    const marker = report.getByRole('button', { name: /^Source \d+$/ }).first();
    await marker.waitFor();

    await marker.hover();
    const preview = page.getByRole('tooltip');
    await preview.waitFor();
    const quote = (await preview.textContent())!.replace(/^“|”$/g, '');
    expect(quote.length).toBeGreaterThan(0);
    await screenshot(page, 'report-preview');

    await marker.click();
    const source = page.getByRole('complementary', { name: 'Cited source' });
    const mark = source.locator('mark#cited-quote');
    await mark.waitFor();
    expect(quote).toContain((await mark.textContent())!.trim().slice(0, 20));
    await screenshot(page, 'report-citation');
    expect(await axe(page)).toEqual([]);

    const section = report.getByRole('button', { name: /^Edit / }).first();
    await section.click();
    const firstSentence = report.getByRole('textbox').first();
    await firstSentence.fill('Creatinine rose to 900 umol/L after starting lisinopril.');
    await report.getByRole('button', { name: 'Save and verify' }).click();
    await report
      .getByText(/Not supported by the record/)
      .first()
      .waitFor();
    await screenshot(page, 'report-unsupported');
    expect(await page.getByRole('button', { name: 'Sign report' }).isDisabled()).toBe(true);

    await report
      .getByRole('button', { name: /^Edit / })
      .first()
      .click();
    await report.getByRole('textbox').first().fill('');
    await report.getByRole('button', { name: 'Save and verify' }).click();
    await page.getByText('Every sentence is supported by its citations.').waitFor();

    await page.getByRole('button', { name: 'Sign report' }).click();
    await page
      .getByRole('dialog', { name: 'Sign this report?' })
      .getByRole('button', { name: 'Sign' })
      .click();
    await page
      .getByText(/^Signed/)
      .first()
      .waitFor();
    expect(await report.getByRole('button', { name: /^Edit / }).count()).toBe(0);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
    await screenshot(page, 'report-signed');
    await page.setViewportSize({ width: 820, height: 1180 });
    await screenshot(page, 'report-signed-tablet');
    expect(h.problems).toEqual([]);
  });
});
