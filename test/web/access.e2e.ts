import { readFileSync } from 'node:fs';
import { generate } from 'otplib';
import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { person, seedPatient } from '../support/web-seed.js';
import { signIn } from './support/ui.js';

/** Care-team boundaries, break-the-glass, and compliance finding those reads in the audit trail. */
describe('web client: access and audit', () => {
  let h: WebHarness;
  let drA: Awaited<ReturnType<typeof person>>;
  let drB: Awaited<ReturnType<typeof person>>;
  let seeded: Awaited<ReturnType<typeof seedPatient>>;

  beforeAll(async () => {
    h = await startWebHarness();
    drA = await person(h.t, 'clinician');
    drB = await person(h.t, 'clinician');
    seeded = await seedPatient(h.t, drA);
  }, 60_000);
  afterAll(() => h?.close());

  it('a clinician outside the care team can neither find nor open the patient', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drB);
    await page.getByLabel('Medical record number').fill(seeded.patient.mrn);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No patient in your care found.').waitFor();
    await page.goto(`${h.baseUrl}/patients/${seeded.patient.id}`);
    await page.getByRole('heading', { name: 'Patient not available' }).waitFor();
    expect(await page.content()).not.toContain('Okonkwo');
    expect(await page.content()).not.toContain('OKONKWO');
    await screenshot(page, 'patient-not-available');
  });

  it('breaks the glass with a reason, then shows the record under an emergency banner', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drB, `/patients/${seeded.patient.id}`);
    await page.getByRole('button', { name: 'Break the glass…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Break the glass' });
    await dialog.getByRole('button', { name: 'Break the glass' }).click();
    expect(await dialog.getByLabel(/Reason for emergency access/).getAttribute('aria-invalid')).toBe('true');
    await dialog
      .getByLabel(/Reason for emergency access/)
      .fill('Unconscious in ED, need allergies and medication');
    await screenshot(page, 'break-glass-dialog');
    expect(await axe(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Break the glass' }).click();
    await page.getByLabel('Allergies').getByText('Penicillin (urticaria)').waitFor();
    const banner = page.getByRole('status').filter({ hasText: 'Emergency access active' });
    await banner.getByRole('link', { name: 'OKONKWO, Adaeze' }).waitFor();
    await screenshot(page, 'break-glass-active');
  });

  it("lists the care team's patients on the start page", async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drA);
    const mine = page.getByRole('region', { name: 'In my care' });
    await mine.getByRole('link', { name: 'OKONKWO, Adaeze' }).waitFor();
  });

  it('from an MRN search with no result, breaks the glass by exact MRN and opens the record', async () => {
    const drC = await person(h.t, 'clinician');
    const page = await h.newPage();
    await signIn(page, h.baseUrl, drC);
    await page.getByLabel('Medical record number').fill(seeded.patient.mrn);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Emergency access by MRN…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Break the glass' });
    await dialog.getByLabel(/Reason for emergency access/).fill('Collapsed in radiology, need allergies now');
    await dialog.getByRole('button', { name: 'Break the glass' }).click();
    await page.getByLabel('Allergies').getByText('Penicillin (urticaria)').waitFor();
    await page.getByLabel('Patient summary').getByText('Emergency access').waitFor();
    expect(page.url()).toContain(`/patients/${seeded.patient.id}`);
  });

  it('compliance enrols MFA, signs in with a TOTP code and finds those reads in the audit trail', async () => {
    const officer = await person(h.t, 'compliance');
    const page = await h.newPage();
    await signIn(page, h.baseUrl, officer);
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())!;
    await screenshot(page, 'mfa-enrolment');
    const now = Math.floor(Date.now() / 1000);
    await page.getByLabel('6-digit code from the app').fill(await generate({ secret, epoch: now }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).locator('li').first().waitFor();
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.getByText('Two-step verification is set up.').waitFor();

    await page.getByLabel('Email').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill(await generate({ secret, epoch: now + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();

    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel('Patient id').fill(seeded.patient.id);
    await page.getByLabel('Event type').fill('patient.read');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: `Access history of patient ${seeded.patient.id}` }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const emergency = rows.filter({ hasText: drB.id.slice(0, 8) }).filter({ hasText: 'break-glass' });
    expect(await emergency.count()).toBeGreaterThan(0);
    expect(await emergency.first().textContent()).toContain('emergency');
    const text = (await page.locator('main').textContent())!;
    for (const clinical of ['Okonkwo', 'OKONKWO', 'Penicillin', 'Creatinine', seeded.patient.mrn])
      expect(text).not.toContain(clinical);
    await screenshot(page, 'audit-search');
    expect(await axe(page)).toEqual([]);
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await csv).suggestedFilename()).toBe('audit-events.csv');
    const ndjson = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export FHIR NDJSON' }).click();
    const fhir = await ndjson;
    expect(fhir.suggestedFilename()).toBe('audit-events.ndjson');
    const firstLine = JSON.parse(readFileSync((await fhir.path())!, 'utf8').split('\n')[0]!);
    expect(firstLine.resourceType).toBe('AuditEvent');

    await page.getByLabel('Event type').fill('breakglass.start');
    await page.getByRole('button', { name: 'Search' }).click();
    const grants = page.locator('table tbody tr').filter({ hasText: 'breakglass.start' });
    await grants.first().waitFor();
    expect(await grants.count()).toBe(2); // drB from the patient page, drC by MRN
    const reasons = await grants.allTextContents();
    expect(reasons.some((row) => row.includes('Unconscious in ED, need allergies and medication'))).toBe(
      true,
    );

    await page.getByRole('link', { name: 'Anomalies' }).click();
    await page.getByRole('heading', { name: /Break-the-glass access/ }).waitFor();
    await page.locator('#flag-break-glass ~ div table tbody tr').first().waitFor();
    await screenshot(page, 'audit-anomalies');

    await page.getByRole('link', { name: 'Chain integrity' }).click();
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page.getByText(/Verified through sequence \d+/).waitFor();
    await screenshot(page, 'audit-chain');
    expect(await axe(page)).toEqual([]);
    expect(h.problems).toEqual([]);
  });
});
