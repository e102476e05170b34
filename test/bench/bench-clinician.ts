import type { INestApplication } from '@nestjs/common';
import type { Caller } from '../../src/common/caller.js';
import { PrismaService } from '../../src/database/prisma.service.js';

/** A clinician user for a benchmark's app, and the caller the services are asked as. */
export async function benchClinician(app: INestApplication, email: string) {
  const user = await app.get(PrismaService).user.create({ data: { email, role: 'clinician' } });
  const caller: Caller = {
    principal: { userId: user.id, role: 'clinician' },
    actor: { userId: user.id, role: 'clinician' },
    correlationId: 'bench',
  };
  return { user, caller };
}
