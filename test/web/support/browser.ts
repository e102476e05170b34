import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../../src/database/paths.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

// Browser flows take several seconds each; a loaded CI machine needs headroom (not a timing assertion).
jest.setTimeout(90_000);

export const SCREENSHOTS_DIR = join(PROJECT_ROOT, 'test', 'e2e', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface PageOptions {
  /** BCP 47 tag the browser reports (navigator.language, Accept-Language). */
  locale?: string;
  /** IANA zone the page runs in (Date, Intl). */
  timezoneId?: string;
  storageState?: BrowserContextOptions['storageState'];
}

export interface WebHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** Console errors and CSP violations seen by any page; a clean run leaves this empty. */
  problems: string[];
  /**
   * A page in a fresh browser context (no cookies), 1366×768, English (en-GB) and UTC unless told
   * otherwise; `storageState` carries a signed-in context's cookies into another locale or zone.
   */
  newPage(viewport?: { width: number; height: number }, options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real app (own cloned database) listening on a free port, and Debian's Chromium driven by
 * playwright-core with a fresh profile. The client is built by jest's global setup (scripts/build.mjs).
 */
export async function startWebHarness(env: Record<string, string> = {}): Promise<WebHarness> {
  if (!existsSync(join(PROJECT_ROOT, 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run `npm run build`');
  const t = await createTestApp(env);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  // launch() gives the browser a fresh temporary profile; each page gets its own context (cookies).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const problems: string[] = [];
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    t,
    baseUrl,
    browser,
    problems,
    async newPage(viewport = { width: 1366, height: 768 }, options: PageOptions = {}) {
      const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', ...options });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource: .* (401|404)/.test(message.text()))
          problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      return page;
    },
    async close() {
      await browser.close();
      await t.app.close();
      // A listening app's pools (pg-boss, started on listen) release their last connections just after
      // close; dropping the database (WITH FORCE) before that kills them mid-flight.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await t.database.drop();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2 A/AA rules) in the page; injected through the driver, not a <script>, so the CSP stays strict. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const run = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })),
    })))`;
  return page.evaluate(run) as Promise<AxeViolation[]>;
}
