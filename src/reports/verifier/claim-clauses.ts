import { tokenise } from '../text/tokens.js';
import type { Unsupported } from '../report.types.js';
import type { TextFacts } from './evidence-facts.js';
import { supportScore } from './support-score.js';

/**
 * Words that attach an explanation or interpretation to a finding ("…, likely due to
 * dehydration", "…, consistent with sepsis"). What follows one is a claim of its own: it must be
 * supported by the cited quotes by itself, not carried by the well-supported finding before it.
 */
const CONNECTIVE =
  /\b(?:due to|because(?: of)?|secondary to|caused by|attributed to|attributable to|consistent with|compatible with|suggestive of|suggesting|suggests|indicating|indicates|indicative of|confirming|confirms|reflecting|reflects|likely|probably|possibly|which rules (?:in|out)|in keeping with|explained by|resulting from)\b|由于|因为|继发于|归因于|符合|提示|可能|考虑为|考虑/gi;

/** Share of a claim clause's content terms the quotes must contain. */
export const CLAUSE_SUPPORT_THRESHOLD = 0.5;

export function checkClaimClauses(text: string, evidence: TextFacts): Unsupported | undefined {
  const parts = text.split(CONNECTIVE).slice(1);
  for (const part of parts) {
    const clause = part.split(/[;,；，。]/)[0]!;
    const words = tokenise(clause);
    if (!words.tokens.length) continue;
    if (supportScore(words, evidence.words) < CLAUSE_SUPPORT_THRESHOLD)
      return {
        code: 'low-support',
        reason: 'an explanation or interpretation in the sentence is not in the cited quotes',
      };
  }
  return undefined;
}
