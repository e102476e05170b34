import '../../../test/support/onnx-realm.js';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../common/logging/logger.js';
import { PROJECT_ROOT } from '../../database/paths.js';
import { onnxRuntime } from '../onnx-runtime.js';
import { TransformerModel } from './transformer-model.js';

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'tiny-bert');
const logger = createLogger('silent');

/** last_hidden_state straight from onnxruntime, for one text, as rows of the hidden width. */
async function hiddenStates(model: TransformerModel, text: string): Promise<number[][]> {
  const { InferenceSession, Tensor } = await onnxRuntime();
  const session = await InferenceSession.create(join(FIXTURE, 'model.onnx'));
  const { ids, typeIds } = model.encode(text);
  const tensor = (values: number[]) =>
    new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
  const output = await session.run({
    input_ids: tensor(ids),
    attention_mask: tensor(ids.map(() => 1)),
    token_type_ids: tensor(typeIds),
  });
  await session.release();
  const data = Array.from(output.last_hidden_state!.data as Float32Array);
  return ids.map((_, row) => data.slice(row * 16, (row + 1) * 16));
}

const unit = (vector: number[]) => {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
};

describe('bring-your-own transformer model (tiny BERT fixture)', () => {
  let model: TransformerModel;
  beforeAll(async () => (model = await TransformerModel.open(FIXTURE, 'cpu', logger)));
  afterAll(() => model.close());

  it('reads the folder: id from the file hash, dimension from config.json, mean pooling', () => {
    expect(model.id).toMatch(/^byo\/tiny-bert@[0-9a-f]{12}$/);
    expect(model.dimension).toBe(16);
    expect(model.pooling).toBe('mean');
    expect(model.provider).toBe('cpu');
  });

  it('tokenises with the WordPiece tokenizer.json, adding [CLS] and [SEP]', () => {
    expect(model.encode('Shortness of breath').ids).toEqual([2, 25, 7, 24, 3]);
    expect(model.encode('zzz').ids).toEqual([2, 1, 3]);
  });

  it('mean-pools last_hidden_state over the attention mask and normalises', async () => {
    const text = 'rising creatinine, high blood pressure';
    const rows = await hiddenStates(model, text);
    const expected = unit(rows[0]!.map((_, d) => rows.reduce((sum, row) => sum + row[d]!, 0) / rows.length));
    const [vector] = await model.embed([text]);
    Array.from(vector!).forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
  });

  it('gives the same vector alone or padded in a batch', async () => {
    const texts = ['fever', 'the patient has chest pain and shortness of breath today', 'cough'];
    const together = await model.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await model.embed([text]);
      Array.from(alone!).forEach((value, d) => expect(together[i]![d]).toBeCloseTo(value, 5));
    }
  });

  it('truncates long inputs to the model limit, keeping [SEP]', () => {
    const { ids } = model.encode('pain '.repeat(200));
    expect(ids).toHaveLength(64);
    expect(ids.at(-1)).toBe(3);
  });

  it('uses the [CLS] row when the pooling config says so', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'anamnesis-byo-')), 'tiny-bert-cls');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'pooling.json'), JSON.stringify({ pooling: 'cls' }));
    const cls = await TransformerModel.open(dir, 'cpu', logger);
    const text = 'chest pain';
    const [vector] = await cls.embed([text]);
    const expected = unit((await hiddenStates(cls, text))[0]!);
    Array.from(vector!).forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
    await cls.close();
    rmSync(dir, { recursive: true });
  });
});

describe('bring-your-own folder errors', () => {
  it('names what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anamnesis-byo-bad-'));
    await expect(TransformerModel.open(join(dir, 'nope'), 'cpu', logger)).rejects.toThrow(/does not exist/);
    await expect(TransformerModel.open(dir, 'cpu', logger)).rejects.toThrow(/no model\.onnx/);
    cpSync(join(FIXTURE, 'model.onnx'), join(dir, 'model.onnx'));
    await expect(TransformerModel.open(dir, 'cpu', logger)).rejects.toThrow(/no tokenizer\.json/);
  });
});
