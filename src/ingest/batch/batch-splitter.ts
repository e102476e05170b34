import { segmentLines, type SegmentLine } from './segment-lines.js';

/** One message found in a file or batch (raw bytes, `\r`-terminated segments), or why a part was skipped. */
export type BatchItem =
  { kind: 'message'; index: number; raw: Buffer } | { kind: 'error'; index: number; reason: string };

const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);
const CR = Buffer.from('\r');

/**
 * Splits FHS/BHS…BTS/FTS batch files (and plain concatenated messages) into messages, streaming.
 * Envelope mistakes — a segment outside any message, a BHS inside an open batch, an FHS after
 * content — discard the message in progress and are reported; splitting resumes at the next MSH.
 * Missing BTS/FTS/BHS are tolerated (python-hl7's samples). Reasons never contain message content.
 */
export class BatchSplitter {
  private current: Buffer[] | undefined;
  private currentBytes = 0;
  private oversized = false;
  private discarding = false;
  private batchOpen = false;
  private seenContent = false;
  private count = 0;

  constructor(private readonly maxMessageBytes: number) {}

  push(line: SegmentLine): BatchItem[] {
    if (line.tooLong) return this.abandon(`segment longer than ${this.maxMessageBytes} bytes`);
    const name = line.bytes.toString('latin1', 0, 3);
    if (name === 'MSH') {
      const out = this.flush();
      this.current = [line.bytes];
      this.currentBytes = line.bytes.length;
      this.discarding = false;
      this.seenContent = true;
      return out;
    }
    if (ENVELOPE.has(name)) return this.envelope(name);
    if (this.current) {
      this.currentBytes += line.bytes.length + 1;
      if (this.currentBytes > this.maxMessageBytes) this.oversized = true;
      else this.current.push(line.bytes);
      return [];
    }
    if (this.discarding) return [];
    this.discarding = true;
    this.seenContent = true;
    return [
      { kind: 'error', index: ++this.count, reason: `${name || 'segment'} outside a message (no MSH)` },
    ];
  }

  end(): BatchItem[] {
    return this.flush();
  }

  private envelope(name: string): BatchItem[] {
    if (name === 'FHS' && this.seenContent) return this.abandon('FHS after the start of the file');
    if (name === 'BHS' && this.batchOpen) return this.abandon('BHS inside an open batch (no BTS before it)');
    const out = this.flush();
    if (name === 'BHS') this.batchOpen = true;
    if (name === 'BTS') this.batchOpen = false;
    this.seenContent = this.seenContent || name !== 'FHS';
    this.discarding = false;
    return out;
  }

  /** Drops the message in progress (if any) and skips until the next MSH. */
  private abandon(reason: string): BatchItem[] {
    this.current = undefined;
    this.oversized = false;
    this.discarding = true;
    this.seenContent = true;
    return [{ kind: 'error', index: ++this.count, reason }];
  }

  private flush(): BatchItem[] {
    const current = this.current;
    if (!current) return [];
    this.current = undefined;
    const index = ++this.count;
    if (this.oversized) {
      this.oversized = false;
      return [{ kind: 'error', index, reason: `message exceeds ${this.maxMessageBytes} bytes` }];
    }
    const parts: Buffer[] = [];
    for (const segment of current) parts.push(segment, CR);
    return [{ kind: 'message', index, raw: Buffer.concat(parts) }];
  }
}

/** Messages of a whole batch held in memory (HTTP bodies); files use streamBatch. */
export function splitBatch(input: Buffer, maxMessageBytes: number): BatchItem[] {
  const splitter = new BatchSplitter(maxMessageBytes);
  const items: BatchItem[] = [];
  let start = 0;
  const pushLine = (end: number) => {
    if (end > start) items.push(...splitter.push({ bytes: input.subarray(start, end) }));
    start = end + 1;
  };
  for (let i = 0; i < input.length; i++) if (input[i] === 0x0d || input[i] === 0x0a) pushLine(i);
  pushLine(input.length);
  items.push(...splitter.end());
  return items;
}

/** Streams a file or socket of batches: bounded memory whatever the input size. */
export async function* streamBatch(
  source: AsyncIterable<Uint8Array>,
  maxMessageBytes: number,
): AsyncGenerator<BatchItem> {
  const splitter = new BatchSplitter(maxMessageBytes);
  for await (const line of segmentLines(source, maxMessageBytes)) yield* splitter.push(line);
  yield* splitter.end();
}
