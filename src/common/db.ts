import type { Prisma } from '../generated/prisma/client.js';

/** A Prisma client or the interactive transaction a caller is in: what every repository method takes. */
export type Db = Prisma.TransactionClient;
