import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('GET /api/health reports the embedding model', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('shows the default model, its dimension and provider', async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json().components.embeddings).toEqual({
      status: 'up',
      model: 'anamnesis/glove-sif-100d@3',
      dimension: 100,
      provider: 'cpu',
    });
  });

  it('loads a bring-your-own model folder named by EMBEDDING_MODEL, on CPU under auto', async () => {
    t = await createTestApp({
      EMBEDDING_MODEL: join(PROJECT_ROOT, 'test', 'fixtures', 'tiny-bert'),
      EMBEDDING_DEVICE: 'auto',
    });
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json().components.embeddings).toMatchObject({
      status: 'up',
      model: expect.stringMatching(/^byo\/tiny-bert@/),
      dimension: 16,
      provider: 'cpu',
    });
  });

  it('refuses to start with EMBEDDING_DEVICE=cuda when the CUDA provider is not installed', async () => {
    await expect(createTestApp({ EMBEDDING_DEVICE: 'cuda' })).rejects.toThrow(
      /EMBEDDING_DEVICE=cuda cannot be used: .*ONNXRUNTIME_NODE_INSTALL=cuda12/,
    );
  });
});
