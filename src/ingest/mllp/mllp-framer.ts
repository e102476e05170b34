export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

/** A complete frame's payload, or a frame that outgrew the limit (its bytes were not kept). */
export type MllpFrame = { payload: Buffer; oversized?: false } | { payload?: undefined; oversized: true };

/**
 * MLLP decoder: `0x0B payload 0x1C 0x0D`. Bytes between frames are ignored; a frame larger than
 * `maxFrameBytes` is dropped as it arrives (memory stays bounded) and reported when it ends.
 */
export class MllpFramer {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private oversized = false;
  private sawEnd = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** True while a frame has started and not yet ended (the frame timeout runs). */
  get framing(): boolean {
    return this.inFrame;
  }

  push(chunk: Buffer): MllpFrame[] {
    const frames: MllpFrame[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.sawEnd) {
        // 0x1C must be followed by 0x0D; tolerate its absence rather than eat a byte.
        this.sawEnd = false;
        if (chunk[i] === CARRIAGE_RETURN) i++;
        continue;
      }
      if (!this.inFrame) {
        const start = chunk.indexOf(START_BLOCK, i);
        if (start < 0) return frames;
        this.begin();
        i = start + 1;
        continue;
      }
      const end = chunk.indexOf(END_BLOCK, i);
      const restart = chunk.indexOf(START_BLOCK, i);
      if (restart >= 0 && (end < 0 || restart < end)) {
        // A new start block inside a frame: the previous frame was cut off; start over.
        this.begin();
        i = restart + 1;
        continue;
      }
      this.append(chunk.subarray(i, end < 0 ? chunk.length : end));
      if (end < 0) return frames;
      frames.push(this.oversized ? { oversized: true } : { payload: Buffer.concat(this.parts, this.size) });
      this.inFrame = false;
      this.parts = [];
      this.size = 0;
      this.sawEnd = true;
      i = end + 1;
    }
    return frames;
  }

  private begin(): void {
    this.inFrame = true;
    this.oversized = false;
    this.parts = [];
    this.size = 0;
  }

  private append(part: Buffer): void {
    if (this.oversized || part.length === 0) return;
    if (this.size + part.length > this.maxFrameBytes) {
      this.oversized = true;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(Buffer.from(part));
    this.size += part.length;
  }
}

export function frame(payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from([START_BLOCK]), body, Buffer.from([END_BLOCK, CARRIAGE_RETURN])]);
}
