import { axe, screenshot, startWebHarness, type WebHarness } from './support/browser.js';
import { authHeader } from '../support/auth.js';
import { person } from '../support/web-seed.js';
import { signIn } from './support/ui.js';

/** The lab-trend chart has a value axis, a correct one-sided band, tooltips and a period. */
describe('web client: lab-trend charts', () => {
  let h: WebHarness;
  let dr: Awaited<ReturnType<typeof person>>;
  let patientId: string;

  // HbA1c over four and a half years, reference "≤ 5.6 %" only: 3 results in the last year, 5 in three.
  const DAYS_AGO = [1640, 1280, 910, 550, 290, 110, 0];
  const VALUES = [6.2, 7.4, 8.1, 7.0, 6.4, 5.4, 5.9];

  beforeAll(async () => {
    h = await startWebHarness();
    dr = await person(h.t, 'clinician');
    const post = async (url: string, payload: object) => {
      const response = await h.t.app.inject({ method: 'POST', url, payload, headers: authHeader(dr.token) });
      if (response.statusCode >= 300) throw new Error(`${url} → ${response.statusCode} ${response.body}`);
      return response.json();
    };
    const patient = await post('/api/patients', {
      mrn: 'MRN-T20',
      name: { family: 'Lindqvist', given: ['Maja'] },
      birthDate: '1961-06-02',
      sex: 'female',
    });
    patientId = patient.id;
    for (const [i, daysAgo] of DAYS_AGO.entries()) {
      await post(`/api/patients/${patientId}/entries`, {
        kind: 'observation',
        occurredAt: new Date(Date.UTC(2026, 10, 20, 8, 30) - daysAgo * 86_400_000).toISOString(),
        body: {
          codeSystem: 'LOINC',
          code: '4548-4',
          display: 'HbA1c',
          value: VALUES[i],
          unit: '%',
          referenceRange: { high: 5.6 },
        },
      });
    }
  }, 60_000);
  afterAll(() => h?.close());

  it('draws the one-sided band up to its limit, shows tooltips by keyboard and hover, filters by period', async () => {
    const page = await h.newPage();
    await signIn(page, h.baseUrl, dr, `/patients/${patientId}/trends`);
    const chart = page.getByRole('img', { name: /^HbA1c: 7 results/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(
      /latest 5\.9 % \(out of range\), reference ≤ 5\.6 %$/,
    );
    const figure = page.locator('figure.trend');
    expect(await figure.locator('.trend-range').textContent()).toBe('reference ≤ 5.6 %');

    // Value axis: the unit and evenly spaced ticks that cover every value and the limit.
    expect(await chart.locator('text.unit').textContent()).toBe('%');
    const ticks = (await chart.locator('.tick text').allTextContents()).map(Number);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toBeLessThanOrEqual(5.4);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(8.1);

    // The band runs from the axis floor up to 5.6: its top edge on the dashed limit line, its bottom on the floor.
    const band = chart.locator('rect.band');
    expect(await band.getAttribute('data-to')).toBe('5.6');
    expect(Number(await band.getAttribute('data-from'))).toBe(ticks[0]);
    const [bandBox, limitBox, floorBox] = await Promise.all(
      [band, chart.locator('line.limit'), chart.locator('line.floor')].map((l) => l.boundingBox()),
    );
    expect(Math.abs(bandBox!.y - limitBox!.y)).toBeLessThan(1.5);
    expect(Math.abs(bandBox!.y + bandBox!.height - floorBox!.y)).toBeLessThan(1.5);
    // Flagged points are red circles with a ▲ beside them; the one normal value has none.
    expect(await chart.locator('circle.out').count()).toBe(6);
    expect(await chart.locator('text.flag-mark').allTextContents()).toEqual(Array(6).fill('▲'));
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'lab-trends-hba1c');

    // Keyboard: Tab from the period selector to the first point shows its tooltip; Escape closes it.
    await page.getByRole('radio', { name: 'All' }).focus();
    await page.keyboard.press('Tab');
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/2022.*6\.2 % · high.*Entered in Anamnesis/);
    expect(await page.locator(':focus').getAttribute('aria-label')).toMatch(
      /6\.2 %, high, Entered in Anamnesis$/,
    );
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'lab-trends-tooltip-keyboard');
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'detached' });

    // Hover: the normal value's tooltip says so.
    await page.locator('.trend-point').nth(5).hover();
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/5\.4 % · not flagged/);

    // The period selector changes how many results are drawn.
    await page.getByRole('radio', { name: '1 year' }).check();
    await page.getByRole('img', { name: /^HbA1c: 3 results/ }).waitFor();
    expect(await page.locator('.trend-point').count()).toBe(3);
    await screenshot(page, 'lab-trends-1y');
    await page.getByRole('radio', { name: '3 years' }).check();
    await page.getByRole('img', { name: /^HbA1c: 5 results/ }).waitFor();
    expect(await page.locator('.trend-point').count()).toBe(5);
    await page.getByRole('radio', { name: 'All' }).check();
    await page.getByRole('img', { name: /^HbA1c: 7 results/ }).waitFor();
    expect(await page.locator('.trend-point').count()).toBe(7);
    expect(await axe(page)).toEqual([]);
    expect(h.problems).toEqual([]);
  });

  it('serves the client under a CSP without inline styles; only Swagger UI keeps them', async () => {
    const client = await fetch(`${h.baseUrl}/patients/${patientId}/trends`);
    expect(client.headers.get('content-security-policy')).toContain("style-src 'self';");
    const docs = await fetch(`${h.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline';");
  });
});
