import type { WeightedTerms } from '../lexical/query-expansion.js';

/**
 * Why an entry was retrieved, in words a clinician can check: the question's own words the entry
 * contains, the lexicon synonyms that matched (terms the clinician did not type), the meaning
 * similarity, whether its kind is one the question points at, and its age.
 */
export interface RetrievalWhy {
  /** The question's own (normalised) words found in the entry. */
  matchedTerms: string[];
  /** Clinical-lexicon variants found in the entry that the question did not contain. */
  synonymsUsed: string[];
  /** Cosine similarity of the entry's and the question's vectors; absent without vectors. */
  similarity?: number;
  /** The entry's kind is one the question's wording points at (e.g. "medications"). */
  kindMatch: boolean;
  /** Whole days between the entry and the question. */
  ageDays: number;
  /** The above as one plain-language sentence. */
  summary: string;
}

/** Terms the question itself contained weigh 1 (query-expansion.ts); lexicon variants weigh less. */
const OWN_TERM_WEIGHT = 1;

export function explainMatch(
  entryTerms: ReadonlySet<string>,
  query: WeightedTerms,
  signals: { dense?: number; kindMatch: boolean; ageDays: number },
): RetrievalWhy {
  const matchedTerms: string[] = [];
  const synonymsUsed: string[] = [];
  for (const [term, weight] of query) {
    if (!entryTerms.has(term)) continue;
    (weight >= OWN_TERM_WEIGHT ? matchedTerms : synonymsUsed).push(term);
  }
  const ageDays = Math.max(0, Math.floor(signals.ageDays));
  const why = {
    matchedTerms,
    synonymsUsed,
    ...(signals.dense === undefined ? {} : { similarity: round(signals.dense) }),
    kindMatch: signals.kindMatch,
    ageDays,
  };
  return { ...why, summary: summarise(why) };
}

function summarise(why: Omit<RetrievalWhy, 'summary'>): string {
  const parts: string[] = [];
  if (why.matchedTerms.length) parts.push(`contains the question's words ${quoted(why.matchedTerms)}`);
  if (why.synonymsUsed.length) parts.push(`contains the synonyms ${quoted(why.synonymsUsed)}`);
  if (!why.matchedTerms.length && !why.synonymsUsed.length) parts.push('shares no word with the question');
  if (why.similarity !== undefined) parts.push(`meaning similarity ${why.similarity.toFixed(2)}`);
  if (why.kindMatch) parts.push('its kind is one the question asks about');
  parts.push(`recorded ${age(why.ageDays)}`);
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function quoted(terms: string[]): string {
  const shown = terms.slice(0, 8).map((term) => `“${term}”`);
  return terms.length > 8 ? `${shown.join(', ')} and ${terms.length - 8} more` : shown.join(', ');
}

function age(days: number): string {
  if (days < 1) return 'today';
  if (days < 60) return `${days} day${days === 1 ? '' : 's'} ago`;
  if (days < 730) return `${Math.round(days / 30.4)} months ago`;
  return `${Math.round(days / 365.25)} years ago`;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
