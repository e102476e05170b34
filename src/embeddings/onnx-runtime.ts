import type * as Ort from 'onnxruntime-node';

export type OnnxRuntime = typeof Ort;
export type { InferenceSession, Tensor } from 'onnxruntime-node';

let loading: Promise<OnnxRuntime> | undefined;

/**
 * onnxruntime-node, loaded on first use: processes that never embed (most CLI commands) do not
 * load the native runtime, and test files can prepare their context before it loads
 * (test/support/onnx-realm.ts).
 */
export function onnxRuntime(): Promise<OnnxRuntime> {
  loading ??= (import('onnxruntime-node') as Promise<OnnxRuntime>).then((runtime) => {
    // Provider load failures surface as exceptions we report; keep the native logger quiet.
    runtime.env.logLevel = 'fatal';
    return runtime;
  });
  return loading;
}
