import { performance } from 'node:perf_hooks';
import type { EvidenceEntry } from '../../../src/reports/evidence/evidence-entry.js';
import {
  generateExtractiveDraft,
  type GenerateInput,
} from '../../../src/reports/generator/extractive-generator.js';
import type { ReportDraft } from '../../../src/reports/report.types.js';
import { CitationVerifier } from '../../../src/reports/verifier/citation-verifier.js';
import { extractFacts } from '../../../src/reports/verifier/evidence-facts.js';
import { QueryExpansion } from '../../../src/retrieval/lexical/query-expansion.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../../src/retrieval/ranking/fusion-weights.js';
import { rankEntries } from '../../../src/retrieval/ranking/hybrid-ranker.js';
import { kindPriors } from '../../../src/retrieval/ranking/kind-priors.js';
import type { EvalCase } from './eval-cases.js';

/**
 * The three conditions of the memory question, on the same questions:
 * - no memory: the newest NEWEST_ENTRIES entries, as a context-window-only assistant would see;
 * - retrieval memory: only the entries retrieval ranks for the question (REPORT_RETRIEVAL_LIMIT);
 * - retrieval + record: what the product gives the generator (every structured entry, the newest
 *   1,000 results and 300 notes, and the retrieved ones), ordered by retrieval.
 */
export type Condition = 'no memory' | 'retrieval memory' | 'retrieval + record';
export const CONDITIONS: Condition[] = ['no memory', 'retrieval memory', 'retrieval + record'];
export const NEWEST_ENTRIES = 30;
const RETRIEVED = 20;
const NOTES = 300;
const RESULTS = 1000;

export type Generator = (input: GenerateInput) => Promise<ReportDraft>;
export const extractive: Generator = async (input) => generateExtractiveDraft(input);

export interface CaseOutcome {
  factsFound: number;
  factsTotal: number;
  citationsPrecise: number;
  citations: number;
  unsupported: number;
  sentences: number;
  ms: number;
  citedIds: Set<string>;
  answerIds: Set<string>;
  draft: ReportDraft;
}

const expansion = new QueryExpansion();

/** Retrieval's ranking for a case (hybrid, default weights), best first. */
export function retrieve(c: EvalCase, vector: Float32Array | undefined, limit = RETRIEVED): string[] {
  return rankEntries(
    c.corpus,
    { terms: expansion.expand(c.question), vector, kinds: kindPriors(c.question) },
    { mode: 'hybrid', weights: DEFAULT_FUSION_WEIGHTS, asOf: c.asOf, limit },
  ).map((r) => r.id);
}

export async function runCase(
  c: EvalCase,
  condition: Condition,
  vector: Float32Array | undefined,
  generate: Generator,
): Promise<CaseOutcome> {
  const started = performance.now();
  const retrievedIds = condition === 'no memory' ? [] : retrieve(c, vector);
  const entries = given(c.entries, condition, retrievedIds);
  const draft = new CitationVerifier(entries).verifyDraft(
    await generate({ question: c.question, entries, retrievedIds }),
  );
  const ms = performance.now() - started;
  return { ...score(c, entries, draft), ms, draft };
}

function given(all: EvidenceEntry[], condition: Condition, retrievedIds: string[]): EvidenceEntry[] {
  const newest = [...all].sort((a, b) => b.time - a.time);
  if (condition === 'no memory') return newest.slice(0, NEWEST_ENTRIES);
  const byId = new Map(all.map((e) => [e.id, e]));
  const retrieved = retrievedIds.map((id) => byId.get(id)!);
  if (condition === 'retrieval memory') return retrieved;
  const isNote = (e: EvidenceEntry) => e.kind === 'note' || e.kind === 'document';
  const isResult = (e: EvidenceEntry) => e.kind === 'observation';
  const chosen = [
    ...newest.filter((e) => !isNote(e) && !isResult(e)),
    ...newest.filter(isResult).slice(0, RESULTS),
    ...newest.filter(isNote).slice(0, NOTES),
  ];
  const have = new Set(chosen.map((e) => e.id));
  return [...chosen, ...retrieved.filter((e) => !have.has(e.id))];
}

function score(c: EvalCase, entries: EvidenceEntry[], draft: ReportDraft) {
  const sentences = draft.sections.flatMap((s) => s.sentences);
  const text = sentences
    .map((s) => s.text)
    .join('\n')
    .toLowerCase();
  const citedIds = new Set(sentences.flatMap((s) => s.citations.map((x) => x.entryId)));
  const answer = draft.sections.find((s) => s.key === 'answer');
  const answerIds = new Set(answer?.sentences.flatMap((s) => s.citations.map((x) => x.entryId)) ?? []);
  const facts = c.requiredFacts ?? [];
  const relevant = c.relevant ?? [];
  const factsFound = c.requiredFacts
    ? facts.filter((f) => text.includes(f.toLowerCase())).length
    : relevant.some((id) => citedIds.has(id))
      ? 1
      : 0;
  const byId = new Map(entries.map((e) => [e.id, e]));
  let citations = 0;
  let citationsPrecise = 0;
  for (const sentence of sentences) {
    const facts = extractFacts(sentence.text);
    const terms = new Set(facts.words.tokens.map((t) => t.term));
    for (const citation of sentence.citations) {
      citations++;
      const entry = byId.get(citation.entryId);
      if (!entry || entry.text.slice(citation.start, citation.end) !== citation.quote) continue;
      const quote = extractFacts(citation.quote);
      if (
        quote.words.tokens.some((t) => terms.has(t.term)) ||
        quote.quantities.some((q) => facts.quantities.some((f) => f.value === q.value))
      )
        citationsPrecise++;
    }
  }
  return {
    factsFound,
    factsTotal: c.requiredFacts ? facts.length : 1,
    citationsPrecise,
    citations,
    unsupported: sentences.filter((s) => s.unsupported).length,
    sentences: sentences.length,
    citedIds,
    answerIds,
  };
}
