import type { Page } from 'playwright-core';

/** Signs in through the login form (password step only). */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
  path = '/',
) {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Milliseconds from navigation start until `ready` resolves (the page is usable). */
export async function timeToInteractive(
  page: Page,
  url: string,
  ready: () => Promise<unknown>,
): Promise<number> {
  await page.goto(url);
  await ready();
  return page.evaluate(() => performance.now());
}

/** Signs in with password and then the TOTP step. */
export async function signInWithTotp(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
  code: string,
  path = '/',
) {
  await signIn(page, baseUrl, user, path);
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}
