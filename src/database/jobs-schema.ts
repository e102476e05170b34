/**
 * The PostgreSQL schema the pg-boss job queue lives in. The database layer creates it and grants the
 * application role on it when migrating (app-role.ts) and checks it on start (unprepared-database.ts);
 * `jobs/` runs the queue in it.
 */
export const JOBS_SCHEMA = 'pgboss';
