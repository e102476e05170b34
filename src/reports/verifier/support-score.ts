import { CJK_CHAR } from '../../terminology/text/cjk.js';
import type { TokenisedText } from '../text/tokens.js';

/**
 * Lexical support: the share of the sentence's content terms (synonyms folded, stemmed, stop
 * words and report scaffolding removed) that occur in the cited quotes. A sentence with no content
 * terms (only values and dates, checked exactly elsewhere) scores 1.
 */
export function supportScore(sentence: TokenisedText, evidence: TokenisedText): number {
  const terms = new Set(sentence.tokens.map((t) => t.term));
  if (!terms.size) return 1;
  const available = new Set(evidence.tokens.map((t) => t.term));
  let found = 0;
  for (const term of terms)
    if (available.has(term) || prefixMatch(term, available) || inCjkText(term, evidence)) found++;
  return found / terms.size;
}

/** A Chinese word counts as supported where the quotes contain it (segmentation varies with context). */
function inCjkText(term: string, evidence: TokenisedText): boolean {
  return CJK_CHAR.test(term) && evidence.normalised.includes(term);
}

/** "hypertens" (from "hypertensive") matches "hypertension": a shared stem of ≥ 6 letters. */
function prefixMatch(term: string, available: Set<string>): boolean {
  if (term.length < 6) return false;
  const head = term.slice(0, 6);
  for (const other of available) if (other.length >= 6 && other.startsWith(head)) return true;
  return false;
}
