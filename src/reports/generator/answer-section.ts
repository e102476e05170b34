import type { ReportSentence } from '../report.types.js';
import { citeSpan, type ClinicalEntries, sentence } from './clinical-entries.js';
import { noteSentences, type Span } from './note-sentences.js';
import { ASSESSMENT, type ScoredSpan } from './note-sections.js';
import { type QuestionFocus, relevance } from './relevance.js';
import { TOP_RETRIEVED } from './retrieved-notes.js';

const MAX_ANSWER = 3;
/** At most this many answer sentences from one entry, so the answer shows more than one note. */
const MAX_PER_ENTRY = 1;
/** Questions asking for a cause or an explanation: the note's own assessment answers them. */
const CAUSAL = /\b(why|cause[sd]?|causing|reason|explain\w*|due|etiology|aetiology)\b|为什么|原因|为何/i;
/** A sentence that states a cause or a conclusion (not a plan). */
const CONCLUSION =
  /\b(assessment|impression|likely|probabl[ey]|consistent with|suggestive of|suggesting|due to|secondary to|caused by|related|attributed|etiology|diagnos\w*)\b|考虑|诊断|印象|所致|引起/i;

/**
 * The short Answer that opens a draft: the note sentences that most directly answer the
 * question, each cited. Sentences are scored by their match with the question and retrieval's rank
 * of their note; for "why" questions a note's own conclusion ("likely NSAID-related") is preferred,
 * also when it does not repeat the question's words, as long as its note is about the question.
 * The best matching sentence of the note retrieval ranked first is always among them when one
 * matches the question (the draft never loses the note the memory found best). Extractive: the
 * patient's own statements, never a conclusion the record does not state.
 */
export function answerSentences(
  record: ClinicalEntries,
  spans: readonly ScoredSpan[],
  focus: QuestionFocus,
  question: string,
  retrievedIds: readonly string[],
): ReportSentence[] {
  const causal = CAUSAL.test(question);
  const rank = new Map(retrievedIds.map((id, i) => [id, i]));
  const match = new Map<Span, number>(spans.map((s) => [s, relevance(focus, s.text)]));
  const noteMatch = new Map<string, number>();
  for (const [s, value] of match) noteMatch.set(s.entry.id, Math.max(noteMatch.get(s.entry.id) ?? 0, value));
  const aboutQuestion = (s: Span) =>
    (noteMatch.get(s.entry.id) ?? 0) >= 1 || (rank.get(s.entry.id) ?? Infinity) < TOP_RETRIEVED;
  const qualifies = (s: Span) =>
    match.get(s)! >= 1 || (causal && CONCLUSION.test(s.text) && aboutQuestion(s));
  const score = (s: Span) => {
    const position = rank.get(s.entry.id);
    const retrieval = position === undefined ? 0 : 1 / (1 + position);
    const conclusion = CONCLUSION.test(s.text) ? (causal ? 2 : 0.5) : ASSESSMENT.test(s.text) ? 0.25 : 0;
    return match.get(s)! + retrieval + conclusion;
  };
  const ranked = spans
    .filter(qualifies)
    .map((span) => ({ span: span as Span, score: score(span) }))
    .sort(
      (a, b) => b.score - a.score || b.span.entry.time - a.span.entry.time || a.span.start - b.span.start,
    );
  const chosen: { span: Span; score: number }[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= MAX_ANSWER) break;
    if (chosen.filter((c) => c.span.entry.id === candidate.span.entry.id).length >= MAX_PER_ENTRY) continue;
    chosen.push(candidate);
  }
  const top = topRetrievedSpan(record, focus, retrievedIds[0]);
  if (top && !chosen.some((c) => c.span.entry.id === top.entry.id)) {
    const entry = { span: top, score: score(top) };
    if (chosen.length >= MAX_ANSWER) chosen.pop();
    chosen.push(entry);
  }
  return chosen.map(({ span }) => sentence(span.text, citeSpan(span)));
}

/** The best-matching sentence of the note retrieval ranked first, if one matches the question. */
function topRetrievedSpan(record: ClinicalEntries, focus: QuestionFocus, topId: string | undefined) {
  const note = topId ? record.notes.find((e) => e.id === topId) : undefined;
  if (!note) return undefined;
  let best: Span | undefined;
  let bestScore = 0;
  for (const span of noteSentences(note)) {
    const score = relevance(focus, span.text) + (CONCLUSION.test(span.text) ? 0.25 : 0);
    if (score >= 1 && score > bestScore) [best, bestScore] = [span, score];
  }
  return best;
}
