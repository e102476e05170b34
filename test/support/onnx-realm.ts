/**
 * Jest runs test code in a vm context, but onnxruntime-node's native binding creates its output
 * typed arrays in Node's main context, so onnxruntime-common's `instanceof Float32Array` check
 * (evaluated in the test context) rejects them. Importing this module FIRST in a test file makes
 * the test context use the main context's typed-array constructors, so both sides agree.
 * Production code runs in one context and needs nothing of this.
 */
import vm from 'node:vm';

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

const main = vm.runInThisContext('globalThis') as Record<string, unknown>;
for (const name of TYPED_ARRAYS) {
  if (main[name] && (globalThis as Record<string, unknown>)[name] !== main[name]) {
    (globalThis as Record<string, unknown>)[name] = main[name];
  }
}
