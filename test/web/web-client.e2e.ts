import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';

describe('web client: serving', () => {
  let h: WebHarness;
  beforeAll(async () => (h = await startWebHarness()), 60_000);
  afterAll(() => h?.close());

  it('serves index.html under the strict CSP, with no inline script', async () => {
    const response = await h.t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toMatch(
      /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/,
    );
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(response.body).not.toMatch(/https?:\/\//);
  });

  it('answers deep links with the client (SPA fallback) but keeps /api 404s as JSON', async () => {
    const deep = await h.t.app.inject({ method: 'GET', url: '/patients/123/timeline?kind=lab' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="root">');
    const api = await h.t.app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const missingAsset = await h.t.app.inject({ method: 'GET', url: '/assets/nope-123.js' });
    expect(missingAsset.statusCode).toBe(404);
    const traversal = await h.t.app.inject({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' });
    expect(traversal.statusCode).toBe(404);
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const html = (await h.t.app.inject({ method: 'GET', url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await h.t.app.inject({ method: 'GET', url: script });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('renders the login page in Chromium with no console errors or CSP violations, and passes axe', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseUrl}/patients`);
    await page.getByRole('heading', { name: 'Anamnesis' }).waitFor();
    await expect(page.getByLabel('Email').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
    await screenshot(page, 'login');
    expect(await axe(page)).toEqual([]);
    const tablet = await h.newPage({ width: 820, height: 1180 });
    await tablet.goto(h.baseUrl);
    await tablet.getByLabel('Email').waitFor();
    await screenshot(tablet, 'login-tablet');
    expect(h.problems).toEqual([]);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const page = await h.newPage();
    await page.goto(h.baseUrl);
    await page.getByLabel('Email').fill('nobody@hospital.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Email or password not recognised.');
  });

  it('can be used from the keyboard: focus order email, password, sign in', async () => {
    const page = await h.newPage();
    await page.goto(h.baseUrl);
    await page.getByLabel('Email').waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('email');
    await page.keyboard.type('nobody@hospital.test');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('password');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Sign in');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
  });
});
