import type { Db } from '../common/db.js';

/**
 * How other screens name a user (a report's author or signer): users have no personal name in
 * this system, only the sign-in email, which is what colleagues know them by. Unknown ids are absent.
 */
export async function userDisplayNames(ids: Iterable<string>, db: Db): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.id, u.email]));
}
