/** One line of an HL7 file (segment bytes without terminator), or a marker that a line was too long. */
export type SegmentLine = { bytes: Buffer; tooLong?: false } | { bytes?: undefined; tooLong: true };

/**
 * Splits a byte stream into segment lines on `\r`, `\n` or `\r\n`, skipping blank lines, holding
 * at most `maxLineBytes` of one line in memory (a longer line is reported, not buffered).
 */
export async function* segmentLines(
  source: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<SegmentLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  const finish = function* (): Generator<SegmentLine> {
    if (overflow) yield { tooLong: true };
    else if (pendingBytes > 0) yield { bytes: pending.length === 1 ? pending[0]! : Buffer.concat(pending) };
    pending = [];
    pendingBytes = 0;
    overflow = false;
  };
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const byte = buffer[i];
      if (byte !== 0x0d && byte !== 0x0a) continue;
      append(buffer.subarray(start, i));
      yield* finish();
      start = i + 1;
    }
    append(buffer.subarray(start));
  }
  yield* finish();

  function append(part: Buffer): void {
    if (part.length === 0 || overflow) return;
    if (pendingBytes + part.length > maxLineBytes) {
      overflow = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(Buffer.from(part)); // copy: the source may reuse its chunk
    pendingBytes += part.length;
  }
}
