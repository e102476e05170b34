import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { person, personWithMfa, seedPatient } from '../support/web-seed.js';
import { signInWithTotp } from './support/ui.js';

describe('web client: administration', () => {
  let h: WebHarness;
  let admin: Awaited<ReturnType<typeof personWithMfa>>;
  let drA: Awaited<ReturnType<typeof person>>;
  let seeded: Awaited<ReturnType<typeof seedPatient>>;

  beforeAll(async () => {
    h = await startWebHarness();
    admin = await personWithMfa(h.t, 'admin');
    drA = await person(h.t, 'clinician');
    seeded = await seedPatient(h.t, drA);
  }, 60_000);
  afterAll(() => h?.close());

  it('creates and disables a user, manages a care team, and lists the quarantine', async () => {
    const page = await h.newPage();
    await signInWithTotp(page, h.baseUrl, admin, await admin.code(1));
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByLabel('Email').fill('new.nurse@hospital.test');
    await page.getByLabel('Role', { exact: true }).selectOption('nurse');
    await page.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('tbody tr').filter({ hasText: 'new.nurse@hospital.test' });
    await row.waitFor();
    // No password is chosen here: the new user sets their own through the one-time enrolment link.
    const link = await page.getByLabel('Enrolment link', { exact: true }).inputValue();
    expect(link).toMatch(/\/enrol#code=[A-Za-z0-9_-]{43}$/);
    const newcomer = await h.newPage();
    await newcomer.goto(link);
    await newcomer.getByLabel('New password').fill('copper-heron-walks-at-dawn-7');
    await newcomer.getByLabel('Repeat the password').fill('copper-heron-walks-at-dawn-7');
    await newcomer.getByRole('button', { name: 'Set password' }).click();
    await newcomer.getByText('Your password is set. Sign in with it.').waitFor();
    await screenshot(newcomer, 'enrolment');
    expect(await axe(newcomer)).toEqual([]);
    await row.getByRole('button', { name: 'Disable new.nurse@hospital.test' }).click();
    await row.getByText('disabled').waitFor();
    await row.getByRole('button', { name: 'Enable new.nurse@hospital.test' }).click();
    await row.getByText('active').waitFor();
    await screenshot(page, 'admin-users');
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Care teams' }).click();
    await page.getByLabel('Patient id').fill(seeded.patient.id);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator('tbody tr').filter({ hasText: drA.email }).waitFor();
    await page.getByLabel('Add member').selectOption({ label: 'new.nurse@hospital.test (nurse)' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('tbody tr').filter({ hasText: 'new.nurse@hospital.test' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Okonkwo');
    await screenshot(page, 'admin-care-team');
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Quarantine' }).click();
    await page.getByRole('heading', { name: 'Quarantine' }).waitFor();
    await page
      .getByText(/Nothing in quarantine|Quarantined messages/)
      .first()
      .waitFor();
    await screenshot(page, 'admin-quarantine');
    expect(h.problems).toEqual([]);
  });
});
