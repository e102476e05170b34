import { hashPassword } from '../../src/auth/password-hasher.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import { factories } from './factories.js';
import type { TestApp } from './test-app.js';

/**
 * A real access token for `user`, minted by the app's own session service (a live session row, the
 * user's current token version): no password or MFA needed. Use as
 * `headers: { authorization: \`Bearer ${token}\` }`.
 */
export async function bearerFor(t: TestApp, user: { id: string; role: Role }): Promise<string> {
  const { tokenVersion } = await t.prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { tokenVersion: true },
  });
  const session = await t.app.get(SessionsService).open({ id: user.id, role: user.role, tokenVersion });
  return session.accessToken;
}

/** A fresh user of `role` (from the factories) and a bearer token for it. */
export async function userWithToken(t: TestApp, role: Role) {
  const user = await factories(t.prisma).user({ role });
  return { user, token: await bearerFor(t, user) };
}

/** `{ authorization: 'Bearer …' }` for app.inject. */
export const authHeader = (token: string) => ({ authorization: `Bearer ${token}` });

/** A password that passes the policy; tests use it with `userWithPassword`. */
export const GOOD_PASSWORD = 'amber-falcon-rides-the-tram-42';

/** A user of `role` with `password` set (argon2id, the app's parameters). */
export async function userWithPassword(t: TestApp, role: Role, password = GOOD_PASSWORD) {
  const user = await factories(t.prisma).user({ role });
  await t.prisma.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(password) },
  });
  return { ...user, password };
}

/** POST /api/auth/login from a given client address (the throttle counts per address). */
export function login(t: TestApp, body: Record<string, unknown>, remoteAddress = '127.0.0.1') {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress });
}

/** The refresh cookie's value from a response, if it set one. */
export function refreshCookieOf(response: {
  cookies: { name: string; value: string }[];
}): string | undefined {
  return response.cookies.find((cookie) => cookie.name === 'anamnesis_refresh')?.value;
}
