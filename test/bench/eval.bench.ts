import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { locateDefaultModel } from '../../src/embeddings/default-model/default-model-location.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import { ChatCompletionsClient } from '../../src/reports/llm/chat-completions-client.js';
import { LlmReportGenerator } from '../../src/reports/llm/llm-generator.js';
import { loadClinicalTextSet } from '../../src/retrieval/evaluation/clinical-text-set.js';
import { PatientCorpus } from '../../src/retrieval/ranking/patient-corpus.js';
import { toGrid } from '../../src/retrieval/ranking/vector-grid.js';
import { clinicalTextCases, syntheticCases, type EvalCase } from './eval/eval-cases.js';
import {
  type CaseOutcome,
  CONDITIONS,
  extractive,
  NEWEST_ENTRIES,
  runCase,
  type Generator,
} from './eval/draft-conditions.js';
import { realTextTables } from './eval/real-text-retrieval.js';
import { quantile, round, type BenchTable } from './table.js';

const quiet = { warn: () => undefined };
const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : '—');

/**
 * `npm run eval`: the draft evaluation with and without memory, and retrieval on real
 * text. Figures go to stdout as Markdown tables (src/reports/README.md, "Evaluation").
 */
export default async function (): Promise<BenchTable[]> {
  const { dir, manifest } = locateDefaultModel(join(PROJECT_ROOT, 'data'));
  const model = await GloveSifModel.open(dir, manifest, 'cpu', quiet);
  const realText = loadClinicalTextSet();
  const cases = [...syntheticCases(), ...clinicalTextCases(realText)];
  const vectors = await embedCases(cases, (texts) => model.embed(texts));
  const tables = await realTextTables(realText, cases, vectors);

  const generators: [string, Generator][] = [['extractive', extractive]];
  const llm = llmGenerator();
  if (llm) generators.push(['LLM', llm]);
  const sets = [...new Set(cases.map((c) => c.set))];
  const rows: (string | number)[][] = [];
  for (const [name, generate] of generators)
    for (const set of sets) {
      // Real text: the held-out test split only (the dev split was used for tuning).
      const chosen = cases.filter((c) => c.set === set && c.split !== 'dev');
      for (const condition of CONDITIONS) {
        const outcomes: CaseOutcome[] = [];
        for (const c of chosen) outcomes.push(await runCase(c, condition, vectors.get(c), generate));
        const sum = (
          key: 'factsFound' | 'factsTotal' | 'citationsPrecise' | 'citations' | 'unsupported' | 'sentences',
        ) => outcomes.reduce((n, o) => n + o[key], 0);
        const ms = outcomes.map((o) => o.ms);
        rows.push([
          name,
          `${set} (${chosen.length})`,
          condition,
          pct(sum('factsFound'), sum('factsTotal')),
          pct(sum('citationsPrecise'), sum('citations')),
          pct(sum('unsupported'), sum('sentences')),
          round(quantile(ms, 0.5)),
          round(quantile(ms, 0.95)),
        ]);
      }
    }
  await model.close();
  return [
    ...tables,
    {
      title: 'Drafts with and without memory (same questions in each condition)',
      columns: [
        'generator',
        'set (questions)',
        'condition',
        'fact recall',
        'citation precision',
        'unsupported sentences',
        'p50 ms',
        'p95 ms',
      ],
      rows,
      notes: [
        `no memory: the newest ${NEWEST_ENTRIES} entries; retrieval memory: the 20 retrieved entries only; retrieval + record: every structured entry, the newest 1,000 results and 300 notes, plus the retrieved ones (what the product reads).`,
        'synthetic: test/fixtures/reports/eval-set.json (fact recall = required facts in the draft); buried: the same story 4 years back under 160 routine entries.',
        'real text: MTSamples held-out test split (fact recall = a relevant note cited).',
        'latency: retrieval ranking (corpus built beforehand) + generation + verification, in process, on a shared machine.',
        llm ? 'LLM: LLM_BASE_URL / LLM_MODEL.' : 'LLM rows: set LLM_BASE_URL and LLM_MODEL to add them.',
      ],
    },
  ];
}

/** Vectors for every corpus entry (each case's corpus replaced by one with them) and for each case's question. */
async function embedCases(
  cases: EvalCase[],
  embed: (texts: string[]) => Promise<Float32Array[]>,
): Promise<Map<EvalCase, Float32Array>> {
  const embedded = new Map<PatientCorpus, PatientCorpus>();
  for (const corpus of new Set(cases.map((c) => c.corpus))) {
    const entries = corpus.toEntries();
    const vectors = await embed(entries.map((e) => e.text));
    embedded.set(
      corpus,
      new PatientCorpus(entries.map((entry, i) => ({ ...entry, vector: vectors[i] && toGrid(vectors[i]) }))),
    );
  }
  for (const c of cases) c.corpus = embedded.get(c.corpus)!;
  const questions = await embed(cases.map((c) => c.question));
  return new Map(cases.map((c, i) => [c, questions[i]!]));
}

function llmGenerator(): Generator | undefined {
  const baseUrl = process.env.LLM_BASE_URL;
  const model = process.env.LLM_MODEL;
  if (!baseUrl || !model) return undefined;
  const generator = new LlmReportGenerator(
    new ChatCompletionsClient({
      baseUrl,
      model,
      apiKey: process.env.LLM_API_KEY,
      timeoutMs: Number(process.env.LLM_TIMEOUT_MS ?? 60_000),
      maxRetries: 1,
    }),
  );
  return (input) => generator.generate(input);
}
