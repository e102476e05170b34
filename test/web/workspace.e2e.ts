import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { CareTeamService } from '../../src/access/care-team.service.js';
import { authHeader } from '../support/auth.js';
import { person, seedPatient } from '../support/web-seed.js';
import { signIn } from './support/ui.js';

/** Reports per page of the patient's reports list (web/src/reports/api.ts REPORTS_PAGE). */
const REPORTS_PAGE = 20;

/** The clinician writes in the record, asks it, drafts, finds the draft again, signs and prints. */
describe('web client: the clinician workspace', () => {
  let h: WebHarness;
  let dr: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    h = await startWebHarness();
    dr = await person(h.t, 'clinician');
  }, 60_000);
  afterAll(() => h?.close());

  it('register → add note → amend → every kind → ask the record → draft → list → sign → print', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, dr, '/patients');
    await page.getByRole('link', { name: 'Register a patient' }).click();

    // The API's own field errors, next to the fields.
    await page.getByRole('button', { name: 'Register' }).click();
    await page.locator('#reg-mrn-error').waitFor();
    expect(await page.getByLabel('Medical record number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.id')).toBe('reg-mrn');
    expect(await page.locator('#reg-birthDate-error').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'workspace-register-errors');

    await page.getByLabel('Medical record number').fill('MRN-W17');
    await page.getByLabel('Family name').fill('Okafor');
    await page.getByLabel('Given names').fill('Ada');
    await page.getByLabel('Date of birth').fill('1958-03-14');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByRole('button', { name: 'Register' }).press('Enter');
    await page.getByRole('heading', { name: 'Add to the record' }).waitFor();

    // An empty note is refused by the API, which names the field.
    await page.getByRole('button', { name: 'Add to the record' }).click();
    await page.locator('#add-text-error').waitFor();
    expect(await page.locator('#add-text-error').textContent()).toMatch(/body\.text/);
    expect(await page.evaluate('document.activeElement?.id')).toBe('add-text');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'workspace-note-error');
    // From the keyboard: the focused text field, then Shift+Tab back to the title.
    await page.keyboard.type(
      'Creatinine rising since ibuprofen was started for knee pain; likely NSAID-related kidney injury.',
    );
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('Renal review');
    expect(await page.getByLabel('Title').inputValue()).toBe('Renal review');
    expect(await page.getByLabel(/^Text/).inputValue()).toMatch(/^Creatinine rising .* kidney injury\.$/);
    await page.keyboard.press('Enter'); // submits the form
    await page.getByRole('button', { name: 'Amend' }).waitFor();

    // Amend: a second version, both listed.
    await page.getByRole('button', { name: 'Amend' }).click();
    const amend = page.getByRole('form', { name: 'Amend this entry' });
    await amend
      .getByLabel(/^Text/)
      .fill(
        'Creatinine rising since ibuprofen was started for knee pain; likely NSAID-related. Ibuprofen stopped.',
      );
    await amend.getByRole('button', { name: 'Save new version' }).click();
    await page.locator('ol.versions > li').nth(1).waitFor();
    expect(await page.locator('ol.versions > li').count()).toBe(2);
    expect(await page.locator('ol.versions').textContent()).toContain('Ibuprofen stopped.');
    await screenshot(page, 'workspace-amended');

    // Every other kind through the same form (required fields only, the API validates).
    const kinds: [string, Record<string, string>][] = [
      ['Problem', { Description: 'Acute kidney injury', Code: 'N17.9' }],
      ['Medication', { Medicine: 'Ibuprofen 400 mg' }],
      ['Allergy', { Substance: 'Penicillin' }],
      ['Result', { Code: 'CREAT', Value: '182', Unit: 'umol/L' }],
      ['Encounter', { Type: 'outpatient' }],
      ['Procedure', { Description: 'Renal ultrasound' }],
      ['Document', { Title: 'Discharge letter', Text: 'Discharged home, creatinine improving.' }],
    ];
    for (const [kind, fields] of kinds) {
      await page.getByRole('link', { name: 'Write' }).click();
      await page.getByLabel('Entry kind').selectOption({ label: kind });
      if (kind === 'Problem') await page.getByLabel(/^Code system/).selectOption('ICD-10');
      for (const [label, value] of Object.entries(fields))
        await page.getByLabel(new RegExp(`^${label}( \\(required\\))?$`)).fill(value);
      await page.getByRole('button', { name: 'Add to the record' }).click();
      await page.getByRole('button', { name: 'Amend' }).waitFor();
    }
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByText('9 entries').or(page.getByText('8 entries')).first().waitFor();

    // Ask the record: ranked entries, the passage marked, the why in words.
    // The box on the timeline hands the question to the Ask tab (kept in the URL).
    await page.getByRole('searchbox', { name: 'Ask the record' }).fill('Why is the creatinine rising?');
    await page.keyboard.press('Enter');
    await page.locator('nav.tabs a[aria-current="page"]', { hasText: 'Ask the record' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('Why is the creatinine rising?');
    const results = page.getByRole('list', { name: 'Entries that answer, best first' });
    await results.waitFor();
    expect(await results.locator('mark').count()).toBeGreaterThan(0);
    expect(await results.getByText(/Matched words: .*creatinine/).count()).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'workspace-ask');

    // Draft: the Answer first and the memory trace.
    await page.getByRole('link', { name: 'Draft report' }).click();
    await page.getByLabel('Clinical question').fill('Why is the creatinine rising?');
    await page.getByRole('button', { name: 'Draft report' }).click();
    await page.getByRole('heading', { name: 'Why is the creatinine rising?' }).waitFor({ timeout: 20_000 });
    const trace = page.getByRole('region', { name: 'What the memory contributed' });
    await trace.waitFor();
    await screenshot(page, 'workspace-draft-trace');
    expect(await axe(page)).toEqual([]);
    const reportUrl = page.url();

    // Found again in the patient's reports list, then signed and printed.
    await page.getByRole('link', { name: '← Back to the record' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    const list = page.getByRole('table', { name: 'Reports about this patient' });
    await list.getByRole('link', { name: 'Why is the creatinine rising?' }).click();
    expect(page.url()).toBe(reportUrl);
    await page.getByRole('button', { name: 'Verify again' }).click();
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

    expect(await page.locator('.sources').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    // On paper the citation numbers resolve to a list of sources.
    expect(await page.locator('.sources').isVisible()).toBe(true);
    expect(await page.locator('.sources li').first().textContent()).toMatch(/^Note · .*“.+”$/);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('article', { name: 'Report' }).isVisible()).toBe(true);
    await screenshot(page, 'workspace-print');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('link', { name: '← Back to the record' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    await list.getByText('Signed').waitFor();
    // The browser logs the two refusals this test provoked on purpose (empty registration, empty note), nothing else.
    expect(h.problems.filter((problem) => !/status of 400/.test(problem))).toEqual([]);
    expect(h.problems).toHaveLength(2);
  });

  it('the reports list: author names, newest first, "More reports", a status filter', async () => {
    const { patient } = await seedPatient(h.t, dr, 'MRN-W17-LIST');
    const colleague = await person(h.t, 'clinician');
    await h.t.app.get(CareTeamService).add(patient.id, colleague.id);
    const call = async (who: { token: string }, url: string, payload?: object) => {
      const response = await h.t.app.inject({
        method: 'POST',
        url,
        headers: authHeader(who.token),
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode).toBeLessThan(300);
      return response.json<{ id: string }>();
    };
    // The oldest report is the colleague's, signed by the doctor; then a page and one more of drafts.
    const draft = (who: { token: string }, question: string) =>
      call(who, `/api/patients/${patient.id}/reports`, { question });
    const theirs = await draft(colleague, 'Why is the potassium high?');
    await call(dr, `/api/reports/${theirs.id}/sign`);
    for (let n = 1; n <= REPORTS_PAGE; n++) await draft(dr, `Creatinine question ${n}?`);

    const page = await h.newPage();
    await signIn(page, h.baseUrl, dr, `/patients/${patient.id}/reports`);
    const list = page.getByRole('table', { name: 'Reports about this patient' });
    const rows = list.locator('tbody tr');
    await list.waitFor();
    expect(await rows.count()).toBe(REPORTS_PAGE);
    expect(await rows.first().locator('td').first().textContent()).toBe(
      `Creatinine question ${REPORTS_PAGE}?`,
    );
    expect(await rows.first().locator('td').nth(2).textContent()).toBe(`${dr.email} (you)`);
    await page.getByRole('button', { name: 'More reports' }).click();
    await rows.nth(REPORTS_PAGE).waitFor();
    const last = rows.nth(REPORTS_PAGE);
    expect(await last.locator('td').first().textContent()).toBe('Why is the potassium high?');
    expect(await last.locator('td').nth(2).textContent()).toBe(colleague.email);
    expect(await page.getByRole('button', { name: 'More reports' }).count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'workspace-reports-list');

    await page.getByLabel('Status').selectOption('signed');
    await list.getByRole('link', { name: 'Why is the potassium high?' }).waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByLabel('Status').selectOption('draft');
    await list.getByRole('link', { name: `Creatinine question ${REPORTS_PAGE}?` }).waitFor();
    expect(await rows.count()).toBe(REPORTS_PAGE);
    expect(await page.getByRole('button', { name: 'More reports' }).count()).toBe(0);
    await screenshot(page, 'workspace-reports-drafts');

    // The report names its author and signer.
    await page.getByLabel('Status').selectOption('signed');
    await list.getByRole('link', { name: 'Why is the potassium high?' }).click();
    await page.getByText(`Drafted by ${colleague.email}.`).waitFor();
    expect(await page.getByText(`by ${dr.email} on`).count()).toBe(1);
  });

  it('the registration form in Chinese: labels, field errors and axe', async () => {
    const page = await h.newPage(undefined, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(`${h.baseUrl}/patients/new`);
    await page.getByLabel('电子邮箱').fill(dr.email);
    await page.getByLabel('密码').fill(dr.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '登记患者' }).waitFor();
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.locator('#reg-mrn-error').waitFor();
    expect(await page.getByLabel('病历号').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'workspace-register-zh');
  });
});
