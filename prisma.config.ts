import { defineConfig } from 'prisma/config';

// The Prisma CLI is used for `prisma generate` only; migrations are applied by the project's own
// runner (src/database/migrations). DATABASE_URL is optional here so generate works offline.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/unused' },
});
