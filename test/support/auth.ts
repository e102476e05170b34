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
