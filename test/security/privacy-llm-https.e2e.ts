import { loadConfig } from '../../src/app-config.js';

/**
 * A report draft sends the patient's record to LLM_BASE_URL, so in production it
 * must be https (before: `http://` was accepted in production and notes went over the wire in clear).
 */
describe('attack: patient data to an LLM endpoint over plain http', () => {
  const production = {
    NODE_ENV: 'production',
    KEK_BASE64: Buffer.alloc(32, 7).toString('base64'),
    DATABASE_URL: 'postgresql://db/x',
  };

  it('refuses to start in production with an http:// LLM_BASE_URL, naming the variable', () => {
    expect(() => loadConfig({ ...production, LLM_BASE_URL: 'http://llm.hospital.internal:8000/v1' })).toThrow(
      /LLM_BASE_URL.*https/,
    );
  });

  it('accepts https in production, and http outside production (a local test server)', () => {
    // Other production requirements may be unmet here; only LLM_BASE_URL's verdict matters.
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problems({ ...production, LLM_BASE_URL: 'https://llm.hospital.internal/v1' })).not.toMatch(
      /LLM_BASE_URL/,
    );
    expect(loadConfig({ NODE_ENV: 'test', LLM_BASE_URL: 'http://127.0.0.1:9/v1' }).LLM_BASE_URL).toBe(
      'http://127.0.0.1:9/v1',
    );
  });
});
