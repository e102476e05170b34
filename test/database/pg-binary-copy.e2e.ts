import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { binaryCopy } from '../../src/database/pg-binary-copy.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** binaryCopy against PostgreSQL itself: large bytea values across many socket reads, NULLs, errors. */
describe('binaryCopy', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const values = [randomBytes(200_000), Buffer.alloc(0), null, randomBytes(32 * 1024 + 7), randomBytes(3)];

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    pool = new pg.Pool({ connectionString: db.url, max: 1 }); // one connection: reused after each case
    await pool.query(`CREATE TABLE parts (part int PRIMARY KEY, label text, data bytea)`);
    for (const [part, data] of values.entries())
      await pool.query(`INSERT INTO parts VALUES ($1, $2, $3)`, [part, `part ${part} · 部分`, data]);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  /** Each field copied into a buffer of its own. */
  const read = async (query: string) => {
    const rows: (Buffer | undefined)[][] = [];
    const count = await binaryCopy(pool, query, (row, field, length) => {
      (rows[row] ??= [])[field] = Buffer.alloc(length);
      return rows[row][field]!;
    });
    return { count, rows };
  };

  it('reads every row and field byte for byte, in the order asked for', async () => {
    const { count, rows } = await read(`SELECT part, label, data FROM parts ORDER BY part`);
    expect(count).toBe(values.length);
    rows.forEach((row, part) => {
      expect(row[0]!.readInt32BE(0)).toBe(part);
      expect(row[1]!.toString('utf8')).toBe(`part ${part} · 部分`);
      expect(row[2]).toEqual(values[part] ?? undefined); // NULL: not placed
    });
  });

  it('reads no rows as a count of 0', async () => {
    expect(await read(`SELECT data FROM parts WHERE false`)).toEqual({ count: 0, rows: [] });
  });

  it('rejects a failing statement, and the pool goes on working', async () => {
    await expect(read(`SELECT data FROM no_such_table`)).rejects.toThrow('no_such_table');
    await expect(read(`SELECT 1 / (part - 2) FROM parts ORDER BY part`)).rejects.toThrow('division by zero');
    expect((await read(`SELECT data FROM parts WHERE part = 4`)).rows).toEqual([[values[4]]]);
  });

  it('rejects when the bytes cannot be placed, and the pool goes on working', async () => {
    await expect(
      binaryCopy(pool, `SELECT data FROM parts ORDER BY part`, () => Buffer.alloc(1)),
    ).rejects.toThrow('another size');
    expect((await read(`SELECT data FROM parts WHERE part = 3`)).rows).toEqual([[values[3]]]);
  });
});
