import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../app-config.js';
import { ConfigError } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'anamnesis-config-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const KEK = Buffer.alloc(32, 7).toString('base64');
const AUDIT_KEY = file(
  'audit.pem',
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
);

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      MLLP_PORT: 2575,
      EMBEDDING_MODEL: 'default',
      EMBEDDING_DEVICE: 'cpu',
      NODE_ENV: 'development',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toMatch(/\/data$/);
  });

  it('names each bad variable', () => {
    const message = problems({ PORT: 'eighty', EMBEDDING_DEVICE: 'tpu', DATABASE_URL: 'mysql://x' });
    expect(message).toContain('PORT');
    expect(message).toContain('EMBEDDING_DEVICE');
    expect(message).toContain('DATABASE_URL');
  });

  it('never echoes a secret value', () => {
    const message = problems({ DATABASE_URL: 'mysql://user:hunter2-secret@db' });
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2-secret');
  });

  it('refuses development conveniences in production', () => {
    const message = problems({ NODE_ENV: 'production' });
    expect(message).toContain('KEK_FILE');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('AUDIT_SIGNING_KEY_FILE');
    expect(message).toContain('AUDIT_WITNESS_DIR');
    expect(
      problems({
        NODE_ENV: 'production',
        KEK_BASE64: KEK,
        ALLOW_EMBEDDED_DB: 'true',
        AUDIT_SIGNING_KEY_FILE: AUDIT_KEY,
        AUDIT_WITNESS_DIR: '/srv/anamnesis-witness',
        MLLP_PORT: '0',
      }),
    ).toBe('');
  });

  it('accepts exactly one KEK source', () => {
    expect(problems({ KEK_FILE: '/k', KEK_BASE64: 'x' })).toContain('KEK_BASE64');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', LLM_BASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('checks the key-encryption key length and format at boot, naming the variable and never the value', () => {
    expect(problems({ KEK_BASE64: 'short' })).toBe('KEK_BASE64: must hold 32 bytes (base64)');
    expect(problems({ KEK_BASE64: `${KEK},c2hvcnQ=` })).toBe('KEK_BASE64: must hold 32 bytes (base64)');
    expect(problems({ KEK_BASE64: `${KEK},${Buffer.alloc(32, 8).toString('base64')}` })).toBe('');
    expect(problems({ KEK_FILE: join(dir, 'missing') })).toBe('KEK_FILE: cannot be read');
    expect(problems({ KEK_FILE: file('kek-short', 'c2hvcnQ=\n') })).toBe(
      'KEK_FILE: must hold 32 bytes (base64)',
    );
    expect(problems({ KEK_FILE: file('kek', `${KEK}\n`) })).toBe('');
  });

  it('reads secrets from NAME_FILE (compose secrets), one of the two only', () => {
    const url = 'postgresql://app:s3cret-pw@db:5432/anamnesis';
    const config = loadConfig({
      DATABASE_URL_FILE: file('database_url', `${url}\n`),
      LLM_API_KEY_FILE: file('llm', 'sk-local'),
    });
    expect(config.DATABASE_URL).toBe(url);
    expect(config.LLM_API_KEY).toBe('sk-local');
    expect(problems({ DATABASE_URL: url, DATABASE_URL_FILE: file('u2', url) })).toBe(
      'DATABASE_URL_FILE: set DATABASE_URL or DATABASE_URL_FILE, not both',
    );
    expect(problems({ DATABASE_OWNER_URL_FILE: join(dir, 'missing') })).toContain(
      'DATABASE_OWNER_URL_FILE: cannot read',
    );
    const bad = problems({ DATABASE_URL_FILE: file('u3', 'mysql://app:s3cret-pw@db') });
    expect(bad).toBe('DATABASE_URL: must be a postgresql:// URL');
  });
});
