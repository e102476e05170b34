import type { Role } from '../generated/prisma/enums.js';

/** Who is calling, as established by authentication; attached to the request. */
export interface Principal {
  userId: string;
  role: Role;
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
