import { BinaryCopyParser } from './pg-binary-copy.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A binary COPY stream as PostgreSQL writes it: rows of fields (null for NULL). */
function stream(rows: (Buffer | null)[][], extension = Buffer.alloc(0)): Buffer {
  const int = (bytes: number, value: number) => {
    const out = Buffer.alloc(bytes);
    if (bytes === 2) out.writeInt16BE(value);
    else out.writeInt32BE(value);
    return out;
  };
  return Buffer.concat([
    SIGNATURE,
    int(4, 0),
    int(4, extension.length),
    extension,
    ...rows.flatMap((row) => [
      int(2, row.length),
      ...row.flatMap((field) => (field ? [int(4, field.length), field] : [int(4, -1)])),
    ]),
    int(2, -1),
  ]);
}

/** Parses `bytes` fed in chunks of `size`, each field placed in a buffer of its own. */
function parse(bytes: Buffer, size = bytes.length) {
  const rows: (Buffer | null)[][] = [];
  const parser = new BinaryCopyParser((row, field, length) => {
    (rows[row] ??= [])[field] = Buffer.alloc(length);
    return rows[row][field]!;
  });
  for (let at = 0; at < bytes.length; at += size) parser.feed(bytes.subarray(at, at + size));
  return { count: parser.end(), rows };
}

describe('BinaryCopyParser', () => {
  const rows = [
    [Buffer.from('stamp-1'), Buffer.from([0, 0, 0, 42]), Buffer.from('é 肌酐'.repeat(50))],
    [Buffer.from('stamp-1'), null, Buffer.alloc(0)],
  ];

  it('reads rows and fields however the stream is cut into chunks', () => {
    const bytes = stream(rows);
    for (const size of [1, 2, 3, 5, 7, 19, 64, bytes.length]) {
      const { count, rows: read } = parse(bytes, size);
      expect(count).toBe(2);
      // NULL fields are not placed: they stay holes in the row.
      expect(read).toEqual([rows[0], [rows[1]![0], undefined, Buffer.alloc(0)]]);
    }
  });

  it('skips a header extension', () => {
    expect(parse(stream(rows, Buffer.from('future')), 4).rows[0]).toEqual(rows[0]);
  });

  it('refuses what is not a whole binary COPY stream', () => {
    const bytes = stream(rows);
    expect(() => parse(Buffer.from('not a copy stream at all'))).toThrow('not a binary COPY stream');
    expect(() => parse(bytes.subarray(0, bytes.length - 2))).toThrow('truncated');
    expect(() => parse(bytes.subarray(0, 30))).toThrow('truncated');
    expect(() => parse(Buffer.concat([bytes, Buffer.from([0])]))).toThrow('continues after its end');
  });

  it('refuses a field placed in a buffer of another size', () => {
    const parser = new BinaryCopyParser(() => Buffer.alloc(1));
    expect(() => parser.feed(stream(rows))).toThrow('another size');
  });
});
