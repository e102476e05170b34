import { ConfigError, loadConfig } from './load-config.js';

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
        KEK_BASE64: 'a'.repeat(44),
        ALLOW_EMBEDDED_DB: 'true',
        AUDIT_SIGNING_KEY_FILE: '/etc/anamnesis/audit-checkpoint.pem',
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
});
