import pg from 'pg';

/**
 * Where field `field` of row `row` goes: a buffer of exactly `length` bytes that the stream is
 * copied into as it arrives (NULL fields are not placed).
 */
export type PlaceField = (row: number, field: number, length: number) => Buffer;

/**
 * Reads `query` (a SELECT, parameters inlined: COPY takes none) with
 * `COPY (…) TO STDOUT (FORMAT binary)`, each field's bytes copied from node-postgres' read buffer
 * to where `place` says as they arrive; resolves with the row count. For large bytea values: a
 * normal query sends them as hex text (twice the bytes) that node-postgres turns into JS strings,
 * and joining the rows costs another copy — each a large allocation that brings V8's next full
 * collection closer.
 */
export async function binaryCopy(pool: pg.Pool, query: string, place: PlaceField): Promise<number> {
  const parser = new BinaryCopyParser(place);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query(new CopyOut(`COPY (${query}) TO STDOUT (FORMAT binary)`, parser)).done;
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    client.release(failed); // after a failure the connection is closed, as pool.query() does
  }
  return parser.end();
}

/**
 * A COPY TO STDOUT as node-postgres' active query (its Submittable protocol: node-postgres hands
 * the query each backend message): CopyData goes to the parser; the query ends at ReadyForQuery.
 */
class CopyOut implements pg.Submittable {
  readonly done: Promise<void>;
  private settle!: (error?: Error) => void;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly parser: BinaryCopyParser,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
  }

  submit(connection: pg.Connection): void {
    connection.query(this.text);
  }

  handleCopyData({ chunk }: { chunk: Buffer }): void {
    if (this.failed) return; // the rest of the stream is read and dropped: the connection stays usable
    try {
      this.parser.feed(chunk);
    } catch (error) {
      this.handleError(error as Error);
    }
  }

  handleError(error: Error): void {
    this.failed = true;
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle();
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (u32), header extension length (u32). */
const HEADER_BYTES = SIGNATURE.length + 8;

/**
 * PostgreSQL's binary COPY format, fed in chunks of any size: a header, then per row a field count
 * (i16; −1 ends the stream) and each field as a length (i32; −1 is NULL) and that many bytes.
 */
export class BinaryCopyParser {
  private rows = 0;
  private inHeader = true;
  private finished = false;
  /** Fields in the current row, and the index of the next one (0 of 0: a field count is next). */
  private fields = 0;
  private field = 0;
  /** The fixed-width number being read (header, field count or length), possibly across chunks. */
  private readonly fixed = Buffer.alloc(HEADER_BYTES);
  private fixedHave = 0;
  /** The field (or skipped header extension) whose bytes are being copied. */
  private target?: Buffer;
  private targetAt = 0;
  private targetIsField = false;

  constructor(private readonly place: PlaceField) {}

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.target) {
        const copied = chunk.copy(this.target, this.targetAt, at);
        at += copied;
        this.targetAt += copied;
        if (this.targetAt === this.target.length) this.copied();
        continue;
      }
      if (this.finished) throw new Error('binary COPY stream continues after its end');
      const width = this.inHeader ? HEADER_BYTES : this.field === this.fields ? 2 : 4;
      const copied = chunk.copy(this.fixed, this.fixedHave, at, at + width - this.fixedHave);
      at += copied;
      this.fixedHave += copied;
      if (this.fixedHave < width) return;
      this.fixedHave = 0;
      if (this.inHeader) this.header();
      else if (this.field === this.fields) this.rowStart(this.fixed.readInt16BE(0));
      else this.fieldStart(this.fixed.readInt32BE(0));
    }
  }

  /** The row count, once the whole stream has been fed. */
  end(): number {
    if (!this.finished) throw new Error('binary COPY stream is truncated');
    return this.rows;
  }

  private header(): void {
    if (!this.fixed.subarray(0, SIGNATURE.length).equals(SIGNATURE))
      throw new Error('not a binary COPY stream');
    this.inHeader = false;
    const extension = this.fixed.readUInt32BE(SIGNATURE.length + 4);
    if (extension) this.copyInto(Buffer.alloc(extension), false); // skipped: none is defined
  }

  private rowStart(count: number): void {
    if (count === -1) this.finished = true;
    else if (count < 0) throw new Error('binary COPY row has a negative field count');
    else [this.fields, this.field] = [count, 0];
    if (count === 0) this.rows++;
  }

  private fieldStart(length: number): void {
    if (length === -1) return this.fieldDone();
    if (length < 0) throw new Error('binary COPY field has a negative length');
    const target = this.place(this.rows, this.field, length);
    if (target.length !== length) throw new Error('binary COPY field was placed in a buffer of another size');
    this.copyInto(target, true);
  }

  private copyInto(target: Buffer, isField: boolean): void {
    [this.target, this.targetAt, this.targetIsField] = [target, 0, isField];
    if (!target.length) this.copied();
  }

  private copied(): void {
    this.target = undefined;
    if (this.targetIsField) this.fieldDone();
  }

  private fieldDone(): void {
    if (++this.field === this.fields) {
      this.rows++;
      [this.fields, this.field] = [0, 0];
    }
  }
}
