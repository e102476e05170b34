import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createApp } from '../../src/app.factory.js';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import type { TestApp } from '../support/test-app.js';
import { person, seedPatient } from '../support/web-seed.js';
import { benchDatabase } from './bench-database.js';
import { quantile, round, type BenchTable } from './table.js';

const DIST = join(PROJECT_ROOT, 'web', 'dist');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RUNS = 15;

/** Raw and gzipped bytes of the built client: what the first page loads, and the lazy chunks. */
function bundleTable(): BenchTable {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!));
  const rows = readdirSync(join(DIST, 'assets')).map((name) => {
    const bytes = readFileSync(join(DIST, 'assets', name));
    return {
      name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      initial: initial.has(name),
    };
  });
  const sum = (filter: (r: (typeof rows)[number]) => boolean, key: 'raw' | 'gzip') =>
    round(rows.filter(filter).reduce((total, r) => total + r[key], 0) / 1024);
  const js = (r: { name: string }) => r.name.endsWith('.js');
  return {
    title: 'Web client bundle (KiB)',
    columns: ['part', 'raw', 'gzip'],
    rows: [
      [
        'JS loaded by the first page',
        sum((r) => js(r) && r.initial, 'raw'),
        sum((r) => js(r) && r.initial, 'gzip'),
      ],
      [
        'JS lazy chunks (reports, compliance, admin)',
        sum((r) => js(r) && !r.initial, 'raw'),
        sum((r) => js(r) && !r.initial, 'gzip'),
      ],
      ['CSS', sum((r) => r.name.endsWith('.css'), 'raw'), sum((r) => r.name.endsWith('.css'), 'gzip')],
    ],
    notes: ['gzip level 9; React 19 + react-dom + TanStack Query + wouter + the app'],
  };
}

/**
 * Time to interactive of the patient page on localhost: from navigation start until the header with
 * allergies and the whole timeline (13 entries) are rendered, read from the page's own clock.
 */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const t = { app, prisma: app.get(PrismaService) } as unknown as TestApp;
  const clinician = await person(t, 'clinician');
  const { patient } = await seedPatient(t, clinician);
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel('Email').fill(clinician.email);
  await page.getByLabel('Password').fill(clinician.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My patients' }).waitFor();
  const cdp = await context.newCDPSession(page);

  const measure = async (cold: boolean) => {
    const times: number[] = [];
    const apiTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (cold) await cdp.send('Network.clearBrowserCache');
      await page.goto(`${base}/patients/${patient.id}`);
      await page
        .getByText('13 entries')
        .waitFor()
        .catch(async (error: unknown) => {
          await page.screenshot({ path: '/tmp/web-bench-failure.png' });
          throw error;
        });
      await page.getByText('Penicillin (urticaria)').waitFor();
      times.push(await page.evaluate(() => performance.now()));
      // The API calls run one after another (refresh → me → patient → timeline): their summed time.
      apiTimes.push(
        await page.evaluate(
          `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/')).reduce((t, e) => t + e.duration, 0)`,
        ),
      );
    }
    return [round(quantile(times, 0.5)), round(quantile(times, 0.95)), round(quantile(apiTimes, 0.5))];
  };
  const cold = await measure(true);
  const warm = await measure(false);
  await browser.close();
  await app.close();
  // pg-boss (started by the listening app) lets its last connections go shortly after stop().
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await db.close();
  return [
    bundleTable(),
    {
      title: 'Patient page time to interactive, localhost, Chromium headless (ms)',
      columns: ['cache', 'median', 'p95', 'of which API calls (median)'],
      rows: [
        ['cold (HTTP cache cleared; refresh + me + patient + timeline)', ...cold],
        ['warm (hashed assets cached)', ...warm],
      ],
      notes: [`${RUNS} loads each; a full page load with token refresh, as after a reload or a deep link`],
    },
  ];
}
