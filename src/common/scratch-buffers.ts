/**
 * Large buffers kept for reuse instead of being left to the garbage collector. V8 counts what
 * Buffers allocate towards its next full collection: each uncached question reading a 1.4 MB
 * sealed memory snapshot into a new buffer brought one closer (retrieval-http bench). Only
 * ciphertext is meant to pass through here. At most `maxBytes` are kept.
 */
export class ScratchBuffers {
  private readonly free: Buffer[] = [];

  constructor(private readonly maxBytes: number) {}

  /** A buffer of exactly `size` bytes, a view of a kept one when one is large enough. */
  take(size: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= size);
    const whole = index >= 0 ? this.free.splice(index, 1)[0]! : Buffer.allocUnsafeSlow(size);
    return whole.subarray(0, size);
  }

  /** Hands back a buffer from take(): nothing may read or write it afterwards. */
  give(taken: Buffer): void {
    const whole = Buffer.from(taken.buffer, 0, taken.buffer.byteLength);
    if (this.free.some((kept) => kept.buffer === whole.buffer)) return; // given twice: kept once
    const kept = this.free.reduce((sum, buffer) => sum + buffer.length, 0);
    if (kept + whole.length <= this.maxBytes) this.free.push(whole);
  }
}
