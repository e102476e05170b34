import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whether running from src/ (tests) or dist/ (npm start). */
export const PROJECT_ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  ...(import.meta.url.includes('/dist-bench/') ? ['..'] : []),
);
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'prisma', 'migrations');
