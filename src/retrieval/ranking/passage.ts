import type { Token } from '../../terminology/text/clinical-tokens.js';
import { sentenceSpans } from '../../terminology/text/sentences.js';
import type { WeightedTerms } from '../lexical/query-expansion.js';

/** The part of an entry's text that matched, as character offsets (end exclusive) into the text. */
export interface Passage {
  start: number;
  end: number;
}

const MAX_PASSAGE = 300;

/**
 * The sentence (split at . ; ! ? followed by space or end, at 。！？；, or at a line break) carrying
 * the most query weight; the whole text, capped, when no query term occurs (a dense-only match).
 */
export function bestPassage(text: string, tokens: Token[], query: WeightedTerms): Passage {
  const sentences = sentenceSpans(text, 0, { semicolon: true, lineBreak: true });
  let best: Passage | undefined;
  let bestWeight = 0;
  for (const sentence of sentences) {
    const seen = new Set<string>();
    let weight = 0;
    for (const token of tokens) {
      if (token.start < sentence.start || token.end > sentence.end || seen.has(token.term)) continue;
      seen.add(token.term);
      weight += query.get(token.term) ?? 0;
    }
    if (weight > bestWeight) [best, bestWeight] = [sentence, weight];
  }
  const chosen = trim(text, best ?? { start: 0, end: text.length });
  return { start: chosen.start, end: Math.min(chosen.end, chosen.start + MAX_PASSAGE) };
}

function trim(text: string, { start, end }: Passage): Passage {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
