import { createHmac } from 'node:crypto';
import pg from 'pg';

/**
 * The application's database role (README.md): it owns nothing, is not a superuser and
 * may only append to the audit trail through `audit_append` / `audit_sequence`, which run as their
 * owner. Migrations run as the owner; after every migration run the owner grants this role what the
 * application needs (so tables added by later migrations are covered too).
 */
export interface AppConnection {
  url: string;
  role: string;
  /** True when we made the role ourselves from the owner's credentials (embedded, development). */
  derived: boolean;
}

/** The role created when only an owner connection is given (embedded PostgreSQL, development). */
export const DERIVED_APP_ROLE = 'anamnesis_app';

/** The audit tables: the application reads them and appends only through the two functions. */
export const AUDIT_TABLES = ['audit_events', 'audit_chain_head', 'audit_checkpoints', 'audit_pending'];

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Same host and database as `ownerUrl`, as DERIVED_APP_ROLE, with a password derived from the
 * owner's (HMAC): every process holding the owner URL computes the same one, and nothing new is
 * stored. Without an owner password (trust authentication) the password is not what protects it.
 */
export function derivedAppConnection(ownerUrl: string): AppConnection {
  const url = new URL(ownerUrl);
  const ownerPassword = decodeURIComponent(url.password);
  url.username = DERIVED_APP_ROLE;
  url.password = createHmac('sha256', ownerPassword)
    .update(`anamnesis-app-role:${DERIVED_APP_ROLE}`)
    .digest('base64url');
  return { url: url.toString(), role: DERIVED_APP_ROLE, derived: true };
}

export function appConnection(url: string): AppConnection {
  return { url, role: decodeURIComponent(new URL(url).username) || 'postgres', derived: false };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const code = (error: unknown) => (error as { code?: string }).code;

/**
 * Creates the application role when it is missing (with the password in its URL). A derived role's
 * password is also made to match (roles are cluster-wide: several databases of one cluster share
 * it, each with its own grants); a given role's password is the operator's and left alone.
 */
export async function ensureAppRole(ownerUrl: string, app: AppConnection): Promise<void> {
  const password = decodeURIComponent(new URL(app.url).password);
  await withClient(ownerUrl, async (owner) => {
    const literal = password ? owner.escapeLiteral(password) : 'NULL';
    const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [app.role]);
    if (!exists.rowCount) {
      try {
        await owner.query(
          `CREATE ROLE ${ident(app.role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal}`,
        );
        return;
      } catch (error) {
        if (code(error) === '42501') throw new AppRoleError(cannotCreate(app.role));
        if (code(error) !== '42710' && code(error) !== '23505') throw error; // created meanwhile
      }
    }
    if (!app.derived) return;
    const login = await withClient(app.url, async () => true).catch((error: unknown) => {
      if (code(error) === '28P01') return false; // another owner password derived another one
      throw error;
    });
    if (!login) await owner.query(`ALTER ROLE ${ident(app.role)} PASSWORD ${literal}`);
  });
}

export class AppRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppRoleError';
  }
}

const cannotCreate = (role: string) =>
  `the database account cannot create the application role "${role}" (it needs CREATEROLE): ` +
  'create a role that owns nothing for the application, set DATABASE_URL to it and DATABASE_OWNER_URL to the owner that migrates';

/**
 * What the application role may do, re-applied after every migration run (inside its lock, so
 * nodes starting together do not race): read and write the application's tables, read the audit
 * tables, stage audit events, sign checkpoints, append through the audit functions. No UPDATE,
 * DELETE or TRUNCATE on audit tables, no ownership, no DDL (the job queue's schema: jobs-schema.ts).
 */
export async function grantAppRole(owner: pg.ClientBase, app: AppConnection): Promise<void> {
  const role = ident(app.role);
  const audit = AUDIT_TABLES.map(ident).join(', ');
  const database = (await owner.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  await owner.query('BEGIN');
  try {
    for (const statement of [
      `REVOKE CREATE ON DATABASE ${ident(database)} FROM ${role}`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      `REVOKE ALL ON ${audit}, "_prisma_migrations" FROM ${role}`,
      `GRANT SELECT ON ${audit}, "_prisma_migrations" TO ${role}`,
      `GRANT INSERT ON "audit_checkpoints", "audit_pending" TO ${role}`,
      `REVOKE ALL ON SEQUENCE "audit_pending_id_seq" FROM ${role}`,
      `GRANT USAGE ON SEQUENCE "audit_pending_id_seq" TO ${role}`,
      `GRANT EXECUTE ON FUNCTION audit_append(TEXT[]), audit_sequence(INTEGER) TO ${role}`,
    ])
      await owner.query(statement);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface RolePrivileges {
  role: string;
  superuser: boolean;
  /** Owns (or is a member of the owner of) an audit table or an audit function. */
  ownsAudit: boolean;
  /** May write files on the database server (pg_write_server_files, pg_execute_server_program). */
  writesServerFiles: boolean;
  /** The audit tables exist (false on a database not migrated yet). */
  migrated: boolean;
  /** May create schemas in this database (the owner of a fresh database, say). */
  createsSchemas: boolean;
}

/** What the role behind `url` could do to the audit trail. */
export async function inspectRole(url: string): Promise<RolePrivileges> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<RolePrivileges>(
      `SELECT current_user AS role, r.rolsuper AS superuser,
              EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
                        AND c.relname = ANY ($1) AND pg_has_role(current_user, c.relowner, 'USAGE'))
           OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
                        AND p.proname IN ('audit_append', 'audit_sequence') AND pg_has_role(current_user, p.proowner, 'USAGE'))
              AS "ownsAudit",
              pg_has_role(current_user, 'pg_write_server_files', 'USAGE')
           OR pg_has_role(current_user, 'pg_execute_server_program', 'USAGE') AS "writesServerFiles",
              to_regclass('public.audit_events') IS NOT NULL AS migrated,
              has_database_privilege(current_database(), 'CREATE') AS "createsSchemas"
         FROM pg_roles r WHERE r.rolname = current_user`,
      [AUDIT_TABLES],
    );
    return rows[0]!;
  });
}

/** Why this role must not be the application's, or undefined when it may be. */
export function leastPrivilegeProblem(privileges: RolePrivileges): string | undefined {
  const what = [
    privileges.superuser && 'is a superuser',
    privileges.ownsAudit && 'owns the audit tables',
    privileges.writesServerFiles && 'may write files on the database server',
  ].filter(Boolean);
  if (what.length === 0) return undefined;
  return (
    `DATABASE_URL connects as role "${privileges.role}", which ${what.join(' and ')}: the application could rewrite its own audit log. ` +
    'Connect the application as a role that owns nothing (DATABASE_URL) and run migrations as the owner (DATABASE_OWNER_URL); see README, Deployment'
  );
}
