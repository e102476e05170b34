// Jest loads global setup outside its ESM module mapping, so this file is plain JavaScript and uses
// the compiled application (scripts/build.mjs, ~0.2 s) for the embedded server and migration runner.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

const root = join(import.meta.dirname, '..', '..');

/**
 * Migrates once into a template database; each test file clones it (CREATE DATABASE … TEMPLATE).
 * Grants survive the cloning; the application role is cluster-wide.
 */
export default async function globalSetup() {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-needed', '--quiet'], {
    stdio: 'inherit',
  });
  const { startEmbeddedPostgres } = await import(join(root, 'dist/database/embedded-postgres.js'));
  const { prepareDatabase } = await import(join(root, 'dist/database/open-database.js'));
  const { derivedAppConnection } = await import(join(root, 'dist/database/app-role.js'));

  let server = { url: process.env.DATABASE_URL, stop: async () => undefined };
  if (!server.url) server = await startEmbeddedPostgres(join(root, 'data', 'test-postgres'));
  globalThis.__testServer = server;

  const adminUrl = withDatabase(server.url, 'postgres');
  const template = `anamnesis_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  // As the app does: the administrator migrates, the application role (created once per cluster,
  // granted in the template, so in every clone) owns nothing.
  const app = derivedAppConnection(withDatabase(server.url, template));
  await prepareDatabase(withDatabase(server.url, template), app, join(root, 'prisma', 'migrations'));
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_APP_URL = withDatabase(app.url, 'postgres');
  process.env.TEST_TEMPLATE_DB = template;
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
