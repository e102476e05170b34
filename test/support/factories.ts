import { randomBytes } from 'node:crypto';
import type { PrismaService } from '../../src/database/prisma.service.js';
import type { Role } from '../../src/generated/prisma/enums.js';

const unique = () => randomBytes(4).toString('hex');

/** Typed builders for test data; each returns the stored row. */
export function factories(prisma: PrismaService) {
  return {
    user: (overrides: { role?: Role; email?: string } = {}) =>
      prisma.user.create({
        data: {
          email: overrides.email ?? `user-${unique()}@hospital.test`,
          role: overrides.role ?? 'clinician',
        },
      }),
  };
}
