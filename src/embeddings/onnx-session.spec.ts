import '../../test/support/onnx-realm.js';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../database/paths.js';
import {
  EmbeddingDeviceUnavailableError,
  ONNX_RUNTIME,
  openSession,
  resetFallbackLog,
  sessionOptions,
  type SessionEnvironment,
} from './onnx-session.js';

const MODEL = join(PROJECT_ROOT, 'test', 'fixtures', 'tiny-bert', 'model.onnx');

function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (message: string) => warnings.push(message) } };
}

/** The real runtime, with the CUDA library's presence overridden. */
const withCuda = (installed: boolean): SessionEnvironment => ({
  ...ONNX_RUNTIME,
  cudaInstalled: () => installed,
});

describe('execution providers (EMBEDDING_DEVICE)', () => {
  beforeEach(() => resetFallbackLog());

  it('cpu opens a CPU session with tuned options', async () => {
    const { logger } = recordingLogger();
    const { session, provider } = await openSession(MODEL, 'cpu', logger);
    expect(provider).toBe('cpu');
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    await session.release();
    expect(sessionOptions('cpu')).toMatchObject({
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      interOpNumThreads: 1,
    });
    expect(sessionOptions('cuda').executionProviders).toEqual(['cuda', 'cpu']);
  });

  it('cuda fails clearly when the CUDA provider is not installed (as in this npm package)', async () => {
    const { logger } = recordingLogger();
    expect(ONNX_RUNTIME.cudaInstalled()).toBe(false);
    const attempt = openSession(MODEL, 'cuda', logger);
    await expect(attempt).rejects.toBeInstanceOf(EmbeddingDeviceUnavailableError);
    await expect(openSession(MODEL, 'cuda', logger)).rejects.toThrow(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
  });

  it('cuda fails clearly when the provider library is present but cannot load', async () => {
    const { logger } = recordingLogger();
    await expect(openSession(MODEL, 'cuda', logger, withCuda(true))).rejects.toThrow(
      /EMBEDDING_DEVICE=cuda cannot be used: the provider failed to load/,
    );
  });

  it('auto falls back to CPU and logs it once per process', async () => {
    const { logger, warnings } = recordingLogger();
    const first = await openSession(MODEL, 'auto', logger);
    const second = await openSession(MODEL, 'auto', logger, withCuda(true));
    expect([first.provider, second.provider]).toEqual(['cpu', 'cpu']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /EMBEDDING_DEVICE=auto: the CUDA provider is not installed; embedding on CPU/,
    );
    await Promise.all([first.session.release(), second.session.release()]);
  });

  it('auto says why when an installed CUDA provider fails to load', async () => {
    const { logger, warnings } = recordingLogger();
    const { session, provider } = await openSession(MODEL, 'auto', logger, withCuda(true));
    expect(provider).toBe('cpu');
    expect(warnings[0]).toMatch(/the CUDA provider failed to load/);
    await session.release();
  });

  it('webgpu fails clearly when no adapter can be created', async () => {
    const { logger } = recordingLogger();
    const failing: SessionEnvironment = {
      cudaInstalled: () => false,
      create: () => Promise.reject(new Error('no available backend found: webgpu adapter')),
    };
    await expect(openSession(MODEL, 'webgpu', logger, failing)).rejects.toThrow(
      /EMBEDDING_DEVICE=webgpu cannot be used: the provider failed to load \(no available backend/,
    );
  });
});
