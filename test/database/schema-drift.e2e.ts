import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { readExpectedSchema } from './schema-model.js';

/**
 * The migrations (applied by our runner) and schema.prisma must describe the same database. Prisma's
 * own `migrate diff` needs a native engine we cannot download, so this compares Prisma's parsed
 * schema (DMMF) with the catalog of a freshly migrated database.
 */
describe('schema drift: migrations vs schema.prisma', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const expected = readExpectedSchema();

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const rows = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;

  it('has exactly the tables schema.prisma models', async () => {
    const tables = await rows<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'",
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual([...expected.tables].sort());
  });

  it('has every column with its type, nullability, array-ness and default', async () => {
    const actual = await rows<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      "SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    const describe = (c: (typeof actual)[number]) => ({
      table: c.table_name,
      column: c.column_name,
      type:
        c.data_type === 'USER-DEFINED'
          ? c.udt_name
          : c.data_type === 'ARRAY'
            ? elementType(c.udt_name)
            : c.data_type,
      nullable: c.is_nullable === 'YES',
      isArray: c.data_type === 'ARRAY',
      hasDbDefault: c.column_default !== null,
    });
    const key = (c: { table: string; column: string }) => `${c.table}.${c.column}`;
    const sort = <T extends { table: string; column: string }>(list: T[]) =>
      [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sort(actual.map(describe))).toEqual(sort(expected.columns));
  });

  it('has every primary key, unique constraint and index (and no others)', async () => {
    const actual = await rows<{ table: string; columns: string[]; is_primary: boolean; is_unique: boolean }>(`
      SELECT t.relname AS table, i.indisprimary AS is_primary, i.indisunique AS is_unique,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique`);
    const describe = (index: { table: string; columns: string[]; kind: string }) =>
      `${index.table}(${index.columns.join(',')}) ${index.kind}`;
    const found = actual.map((index) =>
      describe({ ...index, kind: index.is_primary ? 'primary' : index.is_unique ? 'unique' : 'index' }),
    );
    expect(found.sort()).toEqual(expected.indexes.map(describe).sort());
  });

  it('has every foreign key of the modelled relations', async () => {
    const actual = await rows<{ table: string; columns: string[]; references: string }>(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS references,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      GROUP BY c.oid, c.conrelid, c.confrelid`);
    const describe = (fk: { table: string; columns: string[]; references: string }) =>
      `${fk.table.replace(/"/g, '')}(${fk.columns.join(',')}) -> ${fk.references.replace(/"/g, '')}`;
    expect(actual.map(describe).sort()).toEqual(expected.foreignKeys.map(describe).sort());
  });

  it('has every enum with the same values in the same order', async () => {
    const actual = await rows<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
      GROUP BY t.typname`);
    expect(Object.fromEntries(actual.map((e) => [e.name, e.values]))).toEqual(
      Object.fromEntries(expected.enums),
    );
  });
});

const ARRAY_ELEMENTS: Record<string, string> = {
  _text: 'text',
  _int4: 'integer',
  _uuid: 'uuid',
  _float8: 'double precision',
  _int8: 'bigint',
};
function elementType(udt: string): string {
  return ARRAY_ELEMENTS[udt] ?? udt.replace(/^_/, '');
}
