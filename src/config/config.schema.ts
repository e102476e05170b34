import { isIP } from 'node:net';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** `TRUST_PROXY`: addresses or CIDRs of reverse proxies, comma-separated (Fastify's trustProxy list). */
const trustedProxies = z
  .string()
  .optional()
  .transform((value) =>
    value
      ?.split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .refine(
    (list) =>
      !list ||
      list.every((entry) => {
        const [address, bits, ...rest] = entry.split('/');
        const family = isIP(address ?? '');
        if (!family || rest.length) return false;
        if (bits === undefined) return true;
        return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
      }),
    'a comma-separated list of proxy IP addresses or CIDRs, e.g. "10.0.0.5,10.1.0.0/16"',
  );

/**
 * Every environment variable Anamnesis reads (README.md, Configuration). Secrets are listed in SECRET_KEYS and
 * never printed. Nothing else in the code reads process.env.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: port.default(3000),
    MLLP_PORT: port.default(2575),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
        .optional(),
    ),
    /**
     * The role that owns the tables and runs migrations (src/database/README.md). With it,
     * DATABASE_URL is the application's own role, which owns nothing.
     */
    DATABASE_OWNER_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
        .optional(),
    ),
    ALLOW_EMBEDDED_DB: flag,
    KEK_FILE: optionalText,
    KEK_BASE64: optionalText,
    EMBEDDING_MODEL: z.string().min(1).default('default'),
    EMBEDDING_DEVICE: z.enum(['cpu', 'cuda', 'auto', 'webgpu']).default('cpu'),
    LLM_BASE_URL: optionalText.pipe(z.url().optional()),
    LLM_MODEL: optionalText,
    LLM_API_KEY: optionalText,
    /** Report drafts from LLM_BASE_URL: per-attempt limit and further attempts before the extractive fallback. */
    LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Font embedded in PDF exports (Latin + CJK); `file.ttc#Face` picks a face. Absent: Latin-only Helvetica. */
    PDF_FONT_FILE: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    /** Reverse proxies whose X-Forwarded-For names the client (per-address limits); unset: trust none. */
    TRUST_PROXY: trustedProxies,
    // Audit trail (src/audit/README.md). Without AUDIT_SIGNING_KEY_FILE a key is generated in DATA_DIR (warned).
    AUDIT_SIGNING_KEY_FILE: optionalText,
    /** PEM file of earlier checkpoint public keys still trusted by the verifier (after a key rotation). */
    AUDIT_TRUSTED_KEYS_FILE: optionalText,
    /** Where signed checkpoints are also appended (outside the database); default DATA_DIR/audit-witness outside production. */
    AUDIT_WITNESS_DIR: optionalText,
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
    AUDIT_WORKING_HOURS: z
      .string()
      .regex(/^([01]?\d|2[0-4])-([01]?\d|2[0-4])$/, 'HH-HH, e.g. 07-19')
      .default('07-19'),
    AUDIT_TIMEZONE: z.string().min(1).default('UTC'),
    AUDIT_VOLUME_FACTOR: z.coerce.number().min(1).default(3),
    AUDIT_VOLUME_MIN_PATIENTS: z.coerce.number().int().min(1).default(20),
    /** Unwrapped per-patient data keys kept in memory: at most this many, for at most this long. */
    DEK_CACHE_MAX: z.coerce.number().int().min(0).default(10_000),
    DEK_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
    /** Decrypted entry versions kept in memory between reads (0: none), for at most this long. */
    ENTRY_CACHE_MAX: z.coerce.number().int().min(0).default(20_000),
    ENTRY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
    /** How long a break-the-glass grant lasts. */
    BREAK_GLASS_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    // Authentication (src/auth/README.md). Access tokens live 5–15 minutes.
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(900).default(600),
    SESSION_IDLE_TIMEOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    SESSION_ABSOLUTE_LIFETIME_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    SIGNING_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
    LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(60),
    LOGIN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).default(3600),
    ARGON2_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    ARGON2_MAX_QUEUE: z.coerce.number().int().min(0).default(64),
    // HL7 v2 import (src/ingest/README.md): parser limits, MLLP transport, sender allow-list.
    INGEST_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(16 * 1024 * 1024),
    INGEST_MAX_SEGMENTS: z.coerce.number().int().min(1).default(10_000),
    INGEST_MAX_FIELD_LENGTH: z.coerce
      .number()
      .int()
      .min(64)
      .default(4 * 1024 * 1024),
    INGEST_PARSE_TIMEOUT_MS: z.coerce.number().int().min(1).default(2_000),
    /** Mapping loops in this process; 0 makes it a receiver only (other nodes map what it stores). */
    INGEST_MAP_WORKERS: z.coerce.number().int().min(0).max(32).default(4),
    /**
     * Receipts first: while MLLP/HTTP senders wait in this process, mapping steps back until the
     * oldest message of its batch is this old; 0 maps at once whatever the receipt load.
     */
    INGEST_MAP_MAX_LAG_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /**
     * Accepted HL7 types that have no mapping yet (orders, schedules, billing, other ADT events):
     * `ack` (AA, stored, listed as not mapped) or `reject` (AR); per type with `TYPE=ack|reject`
     * entries, e.g. `ack,SIU=reject,ADT^A20=reject` (src/ingest/README.md).
     */
    INGEST_UNMAPPED: z
      .string()
      .trim()
      .regex(
        /^(?:(?:[A-Z0-9]{3}(?:\^[A-Z0-9]{3})?=)?(?:ack|reject))(?:\s*,\s*(?:[A-Z0-9]{3}(?:\^[A-Z0-9]{3})?=)?(?:ack|reject))*$/,
        'a comma-separated list of ack, reject or TYPE=ack|reject (e.g. "ack,SIU=reject")',
      )
      .default('ack'),
    /** Comma-separated `MSH-3|MSH-4` pairs (`*` for any part); unset: everyone in dev/test, no one in production. */
    INGEST_ALLOWED_SENDERS: optionalText,
    /**
     * Who may send which MSH-3|MSH-4: `;`-separated `cn=<certificate CN/SAN>|net=<CIDR>|user=<email>`
     * `:APP|FAC,…` (src/ingest/README.md). Neither this nor the above: everyone in dev/test, no one in production.
     */
    INGEST_SENDERS: optionalText,
    MLLP_HOST: optionalText,
    MLLP_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(256),
    /** Connections one peer address may hold at once; more are closed as they arrive. */
    MLLP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(8),
    /** CIDRs MLLP accepts connections from (others closed at once); in production the alternative to client certificates. */
    MLLP_ALLOWED_NETWORKS: optionalText,
    MLLP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    MLLP_FRAME_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    MLLP_TLS_CERT_FILE: optionalText,
    MLLP_TLS_KEY_FILE: optionalText,
    /** With a CA file, MLLP over TLS requires client certificates signed by it. */
    MLLP_TLS_CA_FILE: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.KEK_FILE && env.KEK_BASE64) {
      ctx.addIssue({ code: 'custom', path: ['KEK_BASE64'], message: 'set KEK_FILE or KEK_BASE64, not both' });
    }
    if (env.DATABASE_OWNER_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'DATABASE_OWNER_URL needs DATABASE_URL (the application role, which owns nothing)',
      });
    }
    if (env.NODE_ENV !== 'production') return;
    auditKeepsOutsideDataDir(env, ctx);
    if (env.LLM_BASE_URL && new URL(env.LLM_BASE_URL).protocol !== 'https:') {
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_BASE_URL'],
        message: 'production requires an https:// LLM_BASE_URL (report drafts send patient data to it)',
      });
    }
    if (!env.KEK_FILE && !env.KEK_BASE64) {
      ctx.addIssue({
        code: 'custom',
        path: ['KEK_FILE'],
        message: 'production requires KEK_FILE or KEK_BASE64 (no generated development key)',
      });
    }
    if (!env.DATABASE_URL && !env.ALLOW_EMBEDDED_DB) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message:
          'production requires DATABASE_URL (or ALLOW_EMBEDDED_DB=true to opt in to the embedded database)',
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

/**
 * Production: the checkpoint key and the witness are required and kept away from DATA_DIR (the
 * data they protect); no generated key.
 */
function auditKeepsOutsideDataDir(
  env: { DATA_DIR: string; AUDIT_SIGNING_KEY_FILE?: string; AUDIT_WITNESS_DIR?: string },
  ctx: z.RefinementCtx,
): void {
  const inside = (path: string) => {
    const from = relative(resolve(env.DATA_DIR), resolve(path));
    return from === '' || (!from.startsWith('..') && !isAbsolute(from));
  };
  for (const [name, value, what] of [
    ['AUDIT_SIGNING_KEY_FILE', env.AUDIT_SIGNING_KEY_FILE, 'the audit checkpoint key (no generated key)'],
    ['AUDIT_WITNESS_DIR', env.AUDIT_WITNESS_DIR, 'a directory for the audit witness'],
  ] as const) {
    if (!value) ctx.addIssue({ code: 'custom', path: [name], message: `production requires ${what}` });
    else if (inside(value))
      ctx.addIssue({ code: 'custom', path: [name], message: 'must not be inside DATA_DIR in production' });
  }
}

export const SECRET_KEYS = [
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'KEK_BASE64',
  'LLM_API_KEY',
] as const satisfies (keyof AppConfig)[];
