import { randomBytes } from 'node:crypto';
import pg from 'pg';

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase {
  /** As the owner that migrated (the cluster's administrator here): setup, inspection, tampering. */
  url: string;
  /** As the application role, which owns nothing (what the app connects as, DESIGN.md invariant 9). */
  appUrl: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is unset: run tests through `npm test` (jest globalSetup)');
  return url;
}

function appUrl(): string {
  const url = process.env.TEST_PG_APP_URL;
  if (!url) throw new Error('TEST_PG_APP_URL is unset: run tests through `npm test` (jest globalSetup)');
  return url;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file: a clone of the migrated template, or empty when asked. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  // Prefixed with this run's template so a run's teardown drops only its own databases.
  const name = `${process.env.TEST_TEMPLATE_DB}_t_${randomBytes(5).toString('hex')}`;
  const template = options.empty ? 'template0' : process.env.TEST_TEMPLATE_DB;
  await admin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two workers cloning the same template at once: PostgreSQL refuses one; try again.
        if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl(), name),
    appUrl: databaseUrl(appUrl(), name),
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
