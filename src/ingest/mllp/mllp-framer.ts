export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

/**
 * A complete frame's payload; a frame that outgrew the limit (its bytes were not kept); or bytes
 * outside any frame (a protocol error: the server closes the connection).
 */
export type MllpFrame =
  | { payload: Buffer; oversized?: false; outsideFrame?: false }
  | { payload?: undefined; oversized: true; outsideFrame?: false }
  | { payload?: undefined; oversized?: false; outsideFrame: true };

const NO_INPUT = Buffer.alloc(0);

/**
 * MLLP decoder: `0x0B payload 0x1C 0x0D`. Pull-based so that the server holds one frame at a time:
 * `feed` a chunk, then take frames with `next()` until it returns undefined (the chunk is used up).
 * A frame larger than `maxFrameBytes` is dropped as it arrives (memory stays bounded) and reported
 * when it ends. Anything but a start block between frames is reported as `outsideFrame`.
 */
export class MllpFramer {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private oversized = false;
  private sawEnd = false;
  private input: Buffer = NO_INPUT;
  private offset = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** True while a frame has started and not yet ended (the frame deadline runs). */
  get framing(): boolean {
    return this.inFrame;
  }

  /** Bytes held: the frame being assembled and what is left of the chunk being read. */
  get bufferedBytes(): number {
    return this.size + this.input.length - this.offset;
  }

  /** Takes a chunk to read from; call only once `next()` has used up the previous one. */
  feed(chunk: Buffer): void {
    this.input = chunk;
    this.offset = 0;
  }

  /** The next complete frame of the fed input, or undefined once the input is used up. */
  next(): MllpFrame | undefined {
    const chunk = this.input;
    let i = this.offset;
    while (i < chunk.length) {
      if (this.sawEnd) {
        // 0x1C must be followed by 0x0D; tolerate its absence rather than eat a byte.
        this.sawEnd = false;
        if (chunk[i] === CARRIAGE_RETURN) i++;
        continue;
      }
      if (!this.inFrame) {
        if (chunk[i] !== START_BLOCK) {
          this.consumed(chunk.length);
          return { outsideFrame: true };
        }
        this.begin();
        i++;
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
      if (end < 0) break;
      const frame: MllpFrame = this.oversized
        ? { oversized: true }
        : { payload: this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size) };
      this.inFrame = false;
      this.parts = [];
      this.size = 0;
      this.sawEnd = true;
      this.consumed(end + 1);
      return frame;
    }
    this.consumed(chunk.length);
    return undefined;
  }

  /** Every frame of `chunk` at once (the client reading ACKs). */
  push(chunk: Buffer): MllpFrame[] {
    this.feed(chunk);
    const frames: MllpFrame[] = [];
    for (let frame = this.next(); frame; frame = this.next()) frames.push(frame);
    return frames;
  }

  private consumed(offset: number): void {
    if (offset < this.input.length) {
      this.offset = offset;
    } else {
      this.input = NO_INPUT;
      this.offset = 0;
    }
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
