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

/**
 * Every environment variable Anamnesis reads (CONTRACT.md). Secrets are listed in SECRET_KEYS and
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
    ALLOW_EMBEDDED_DB: flag,
    KEK_FILE: optionalText,
    KEK_BASE64: optionalText,
    EMBEDDING_MODEL: z.string().min(1).default('default'),
    EMBEDDING_DEVICE: z.enum(['cpu', 'cuda', 'auto', 'webgpu']).default('cpu'),
    LLM_BASE_URL: optionalText.pipe(z.url().optional()),
    LLM_MODEL: optionalText,
    LLM_API_KEY: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.KEK_FILE && env.KEK_BASE64) {
      ctx.addIssue({ code: 'custom', path: ['KEK_BASE64'], message: 'set KEK_FILE or KEK_BASE64, not both' });
    }
    if (env.NODE_ENV !== 'production') return;
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

export const SECRET_KEYS = [
  'DATABASE_URL',
  'KEK_BASE64',
  'LLM_API_KEY',
] as const satisfies (keyof AppConfig)[];
