import { Readable } from 'node:stream';
import { corpus } from '../../../test/ingest/hl7-corpus.js';
import { parseHl7 } from '../hl7/hl7-parser.js';
import { splitBatch, streamBatch, type BatchItem } from './batch-splitter.js';

const MAX = 1024 * 1024;
const msh = (id: string) => `MSH|^~\\&|A|B|C|D|2026||ADT^A04|${id}|P|2.5`;

async function streamed(bytes: Buffer, chunkSize: number, max = MAX): Promise<BatchItem[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const items: BatchItem[] = [];
  for await (const item of streamBatch(Readable.from(chunks), max)) items.push(item);
  return items;
}

const messages = (items: BatchItem[]) =>
  items.flatMap((item) => (item.kind === 'message' ? [parseHl7(item.raw).controlId] : []));
const errors = (items: BatchItem[]) => items.filter((item) => item.kind === 'error');

describe('batch splitting', () => {
  const file = Buffer.from(
    [
      'FHS|^~\\&|A',
      'BHS|^~\\&|A',
      msh('1'),
      'PID|1',
      msh('2'),
      'PID|2',
      'BTS|2',
      'BHS|^~\\&',
      msh('3'),
      'BTS|1',
      'FTS|2',
      '',
    ].join('\r\n'),
  );

  it('splits FHS/BHS batches into messages, in memory and streamed in any chunk size', async () => {
    expect(messages(splitBatch(file, MAX))).toEqual(['1', '2', '3']);
    for (const size of [1, 3, 7, 64, 4096])
      expect(messages(await streamed(file, size))).toEqual(['1', '2', '3']);
    expect(parseHl7((splitBatch(file, MAX)[0] as { raw: Buffer }).raw).segments.map((s) => s.name)).toEqual([
      'MSH',
      'PID',
    ]);
  });

  it('reports an oversized segment or message without holding it', async () => {
    const big = Buffer.from(`${msh('1')}\rOBX|1|TX|x||${'a'.repeat(5000)}\r${msh('2')}\r`);
    const items = await streamed(big, 100, 1000);
    expect(messages(items)).toEqual(['2']);
    expect(errors(items)).toHaveLength(1);
  });

  it.each(corpus('batch').map((f) => [f.name, f.bytes] as const))(
    'reads batch/%s without errors',
    async (_name, bytes) => {
      const items = await streamed(bytes, 50);
      expect(errors(items)).toEqual([]);
      expect(messages(items).length).toBeGreaterThan(0);
    },
  );

  it.each(corpus('bad/batch_malformed').map((f) => [f.name, f.bytes] as const))(
    'reports the broken envelope of bad/batch_malformed/%s',
    (_name, bytes) => {
      const items = splitBatch(bytes, MAX);
      expect(errors(items).length).toBeGreaterThan(0);
      for (const item of items) if (item.kind === 'message') expect(() => parseHl7(item.raw)).not.toThrow();
    },
  );
});
