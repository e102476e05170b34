import pg from 'pg';

/** Drops this run's template and any test database left behind, then stops an embedded server. */
export default async function globalTeardown() {
  const server = globalThis.__testServer;
  if (!server) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  // This run's template and its clones (`<template>_t_<random>`), never another run's.
  const { rows } = await admin.query(
    "SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_t_')",
    [process.env.TEST_TEMPLATE_DB],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
  await server.stop();
}
