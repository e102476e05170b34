import { tokenise } from '../text/tokens.js';
import { resultFragments } from './topics.js';

/** What a question is about: its content terms and the result names those terms point at. */
export interface QuestionFocus {
  terms: Set<string>;
  resultFragments: Set<string>;
}

export function focusOf(question: string): QuestionFocus {
  const terms = new Set(tokenise(question).tokens.map((t) => t.term));
  return { terms, resultFragments: resultFragments(terms) };
}

/** How many of the question's terms a text contains (synonyms folded). */
export function relevance(focus: QuestionFocus, text: string): number {
  if (!focus.terms.size) return 0;
  const terms = new Set(tokenise(text).tokens.map((t) => t.term));
  let score = 0;
  for (const term of focus.terms) if (terms.has(term)) score++;
  return score;
}

/** Does a result name (e.g. "creatinine", "egfr") bear on the question? */
export function resultIsRelevant(focus: QuestionFocus, resultName: string): boolean {
  const name = ` ${tokenise(resultName)
    .tokens.map((t) => t.term.replace(/_/g, ' '))
    .join(' ')} ${resultName.toLowerCase()} `;
  for (const fragment of focus.resultFragments) if (name.includes(fragment)) return true;
  return false;
}
