import { clinicalTerms } from '../lexical/clinical-tokens.js';
import { CLINICAL_CLASSES, CLINICAL_LEXICON } from './clinical-lexicon.js';

/** Query term → weight. The user's own terms weigh 1; lexicon variants weigh less. */
export type WeightedTerms = Map<string, number>;

/** Weight of the terms of a lexicon variant the user did not type (split across its tokens). */
export const VARIANT_WEIGHT = 0.6;
/** Weight of each member of a drug or test class named in the question. */
export const MEMBER_WEIGHT = 0.6;

interface Phrase {
  terms: string[];
  group: number;
}

/**
 * Expands a question with the clinical lexicon: every group whose term (abbreviation, full term,
 * lay term) appears as a phrase in the question contributes its other terms, so "SOB" finds
 * "dyspnea" and "shortness of breath", and "creatinine" finds "Cr".
 */
export class QueryExpansion {
  private readonly phrases: Phrase[];
  private readonly groups: string[][][];
  private readonly classes: { phrases: string[][]; members: string[][] }[];

  constructor(
    lexicon: readonly (readonly string[])[] = CLINICAL_LEXICON,
    classes: typeof CLINICAL_CLASSES = CLINICAL_CLASSES,
  ) {
    this.classes = classes.map((entry) => ({
      phrases: entry.classTerms.map((term) => clinicalTerms(term)).filter((t) => t.length),
      members: entry.members.map((term) => clinicalTerms(term)).filter((t) => t.length),
    }));
    this.groups = lexicon.map((group) => group.map((term) => clinicalTerms(term)).filter((t) => t.length));
    this.phrases = this.groups
      .flatMap((variants, group) => variants.map((terms) => ({ terms, group })))
      .sort((a, b) => b.terms.length - a.terms.length);
  }

  expand(question: string): WeightedTerms {
    const terms = clinicalTerms(question);
    const weights: WeightedTerms = new Map();
    for (const term of terms) weights.set(term, 1);
    const matchedGroups = new Set<number>();
    for (const phrase of this.phrases) {
      if (!matchedGroups.has(phrase.group) && containsPhrase(terms, phrase.terms))
        matchedGroups.add(phrase.group);
    }
    const raise = (term: string, weight: number) => {
      if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
    };
    for (const group of matchedGroups) {
      for (const variant of this.groups[group]!) {
        for (const term of variant) raise(term, VARIANT_WEIGHT / variant.length);
      }
    }
    for (const { phrases, members } of this.classes) {
      if (!phrases.some((phrase) => containsPhrase(terms, phrase))) continue;
      for (const member of members) for (const term of member) raise(term, MEMBER_WEIGHT / member.length);
    }
    return weights;
  }
}

function containsPhrase(terms: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (terms[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
