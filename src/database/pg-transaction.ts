import type pg from 'pg';

/**
 * Runs `work` in one READ COMMITTED transaction on a pooled node-postgres client: for hot write
 * paths where Prisma's per-query cost dominates (DESIGN.md: raw INSERT is several times faster).
 * Commits when `work` resolves, rolls back when it throws; a client whose rollback failed (the
 * connection broke) is destroyed rather than returned to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
