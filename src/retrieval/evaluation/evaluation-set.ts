import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../database/paths.js';
import { QueryExpansion } from '../lexical/query-expansion.js';
import { clinicalTerms } from '../../terminology/text/clinical-tokens.js';
import { kindPriors } from '../ranking/kind-priors.js';
import { rankEntries, type FusionWeights, type RetrievalMode } from '../ranking/hybrid-ranker.js';
import { PatientCorpus, type RetrievableEntry } from '../ranking/patient-corpus.js';
import { toGrid } from '../ranking/vector-grid.js';
import { meanMetrics, questionMetrics, type QuestionMetrics } from './retrieval-metrics.js';

/** test/fixtures/retrieval/eval-set.json (synthetic; see generate-eval-set.mjs there). */
export interface EvaluationSet {
  asOf: Date;
  patients: { id: string; entries: RetrievableEntry[] }[];
  questions: { id: string; patientId: string; question: string; relevant: string[] }[];
}

export const EVALUATION_SET_PATH = join(PROJECT_ROOT, 'test', 'fixtures', 'retrieval', 'eval-set.json');

export function loadEvaluationSet(path = EVALUATION_SET_PATH): EvaluationSet {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as {
    asOf: string;
    patients: { id: string; entries: (Omit<RetrievableEntry, 'occurredAt'> & { occurredAt: string })[] }[];
    questions: EvaluationSet['questions'];
  };
  return {
    asOf: new Date(raw.asOf),
    questions: raw.questions,
    patients: raw.patients.map((patient) => ({
      id: patient.id,
      entries: patient.entries.map((entry) => ({ ...entry, occurredAt: new Date(entry.occurredAt) })),
    })),
  };
}

/** Adds vectors to every entry (in place), batch by batch. */
export async function embedEvaluationSet(
  set: EvaluationSet,
  embed: (texts: string[]) => Promise<Float32Array[]>,
): Promise<void> {
  for (const patient of set.patients) {
    const vectors = await embed(patient.entries.map((entry) => entry.text));
    // On the grid, as the service ranks them (vector-grid.ts).
    patient.entries.forEach((entry, i) => (entry.vector = vectors[i] && toGrid(vectors[i])));
  }
}

export interface EvaluationRun {
  mode: RetrievalMode;
  weights: FusionWeights;
  /** false: BM25 on the question's own words only. */
  lexicon: boolean;
  /** Restrict to some patients (e.g. a tuning split). */
  patientFilter?: (patientId: string, index: number) => boolean;
}

/** Mean metrics over the set's questions; question vectors from `questionVectors`. */
export function evaluateRetrieval(
  set: EvaluationSet,
  questionVectors: Map<string, Float32Array>,
  run: EvaluationRun,
): QuestionMetrics & { questions: number } {
  const expansion = new QueryExpansion();
  const corpora = new Map(set.patients.map((patient) => [patient.id, new PatientCorpus(patient.entries)]));
  const included = new Set(
    set.patients.filter((p, i) => !run.patientFilter || run.patientFilter(p.id, i)).map((p) => p.id),
  );
  const results = set.questions
    .filter((question) => included.has(question.patientId))
    .map((question) => {
      const terms = run.lexicon
        ? expansion.expand(question.question)
        : new Map(clinicalTerms(question.question).map((term) => [term, 1]));
      const ranked = rankEntries(
        corpora.get(question.patientId)!,
        { terms, vector: questionVectors.get(question.id), kinds: kindPriors(question.question) },
        { mode: run.mode, weights: run.weights, asOf: set.asOf, limit: 10 },
      );
      return questionMetrics(
        ranked.map((entry) => entry.id),
        question.relevant,
      );
    });
  return { ...meanMetrics(results), questions: results.length };
}
