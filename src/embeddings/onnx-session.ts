import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { DomainError } from '../common/errors/domain-error.js';
import { onnxRuntime, type InferenceSession } from './onnx-runtime.js';

export type EmbeddingDevice = 'cpu' | 'cuda' | 'auto' | 'webgpu';
export type ExecutionProvider = 'cpu' | 'cuda' | 'webgpu';

export class EmbeddingDeviceUnavailableError extends DomainError {
  constructor(device: ExecutionProvider, why: string) {
    super('embedding_device_unavailable', `EMBEDDING_DEVICE=${device} cannot be used: ${why}`, 503);
  }
}

/** Where the one-time fallback notice goes (Nest's Logger fits). */
export interface EmbeddingLog {
  warn(message: string): void;
}

export interface OpenedSession {
  session: InferenceSession;
  provider: ExecutionProvider;
}

export interface SessionEnvironment {
  /** Whether onnxruntime-node's CUDA provider library is installed next to its binding. */
  cudaInstalled(): boolean;
  create(model: string, options: InferenceSession.SessionOptions): Promise<InferenceSession>;
}

export const CUDA_INSTALL_HINT =
  "onnxruntime-node's CUDA provider is not installed (it is not in the npm package); install it with " +
  '`npm run install:cuda` (ONNXRUNTIME_NODE_INSTALL=cuda12, from NuGet) on a machine with CUDA 12 + cuDNN 9, ' +
  'or use EMBEDDING_DEVICE=cpu/auto';

/** The real environment: the provider libraries onnxruntime-node has on this machine. */
export const ONNX_RUNTIME: SessionEnvironment = {
  cudaInstalled: () =>
    bindingFolders().some((dir) => existsSync(join(dir, 'libonnxruntime_providers_cuda.so'))),
  create: async (model, options) => (await onnxRuntime()).InferenceSession.create(model, options),
};

function bindingFolders(): string[] {
  const bin = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
  if (!existsSync(bin)) return [];
  return readdirSync(bin).map((napi) => join(bin, napi, process.platform, process.arch));
}

/** Tuned for small embedding graphs: full graph optimisation, bounded intra-op threads, no inter-op pool. */
export function sessionOptions(provider: ExecutionProvider): InferenceSession.SessionOptions {
  return {
    executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: Math.max(1, Math.min(4, availableParallelism())),
    interOpNumThreads: 1,
    enableCpuMemArena: true,
    enableMemPattern: true,
    logSeverityLevel: 3,
  };
}

let fallbackLogged = false;

/**
 * Opens `model` on the provider EMBEDDING_DEVICE asks for. `cuda`/`webgpu` fail with a clear
 * error when the provider cannot load; `auto` tries CUDA and falls back to CPU, logging the
 * fallback once per process.
 */
export async function openSession(
  model: string,
  device: EmbeddingDevice,
  logger: EmbeddingLog,
  environment: SessionEnvironment = ONNX_RUNTIME,
): Promise<OpenedSession> {
  const attempt = async (provider: ExecutionProvider): Promise<OpenedSession> => ({
    session: await environment.create(model, sessionOptions(provider)),
    provider,
  });
  if (device === 'cpu') return attempt('cpu');
  if (device === 'cuda' && !environment.cudaInstalled())
    throw new EmbeddingDeviceUnavailableError('cuda', CUDA_INSTALL_HINT);
  if (device === 'cuda' || device === 'webgpu') {
    try {
      return await attempt(device);
    } catch (error) {
      throw new EmbeddingDeviceUnavailableError(device, `the provider failed to load (${firstLine(error)})`);
    }
  }
  let why = 'the CUDA provider is not installed';
  if (environment.cudaInstalled()) {
    try {
      return await attempt('cuda');
    } catch (error) {
      why = `the CUDA provider failed to load (${firstLine(error)})`;
    }
  }
  if (!fallbackLogged) {
    fallbackLogged = true;
    logger.warn(`EMBEDDING_DEVICE=auto: ${why}; embedding on CPU`);
  }
  return attempt('cpu');
}

/** For tests: forget that the auto fallback was logged. */
export function resetFallbackLog(): void {
  fallbackLogged = false;
}

const firstLine = (error: unknown) =>
  String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .slice(0, 200);
