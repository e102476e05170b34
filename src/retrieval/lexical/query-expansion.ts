import { bilingualVocabulary, type ClinicalClass } from '../../terminology/lexicon/clinical-vocabulary.js';
import { CJK_CHAR } from '../../terminology/text/cjk.js';
import { clinicalTerms } from '../../terminology/text/clinical-tokens.js';
import { normaliseTerm } from '../../terminology/text/normalise.js';

/** Query term → weight. The user's own terms weigh 1; lexicon variants weigh less. */
export type WeightedTerms = Map<string, number>;

/** Weight of the terms of a lexicon variant the user did not type (split across its tokens). */
export const VARIANT_WEIGHT = 0.6;
/** Weight of each member of a drug or test class named in the question. */
export const MEMBER_WEIGHT = 0.6;

/** A lexicon term as the question is searched for it. */
interface Phrase {
  /** Its terms (a variant's weight is split over them). */
  terms: string[];
  /** CJK terms are found as substrings of the normalised question (no spaces to match on). */
  cjk?: string;
}

/**
 * Expands a question with the clinical lexicon (src/terminology): every group whose term
 * (abbreviation, full term, lay term, Chinese term) appears in the question contributes its other
 * terms, so "SOB" finds "dyspnea" and "shortness of breath", "creatinine" finds "Cr" and 肌酐, and
 * 心梗 finds "myocardial infarction".
 */
export class QueryExpansion {
  private readonly phrases: (Phrase & { group: number })[];
  private readonly groups: Phrase[][];
  private readonly classes: { phrases: Phrase[]; members: Phrase[] }[];

  constructor(
    lexicon: readonly (readonly string[])[] = bilingualVocabulary().groups,
    classes: readonly ClinicalClass[] = bilingualVocabulary().classes,
  ) {
    this.classes = classes.map((entry) => ({
      phrases: entry.classTerms.map(phrase).filter((p) => p.terms.length),
      members: entry.members.map(phrase).filter((p) => p.terms.length),
    }));
    this.groups = lexicon.map((group) => group.map(phrase).filter((p) => p.terms.length));
    this.phrases = this.groups
      .flatMap((variants, group) => variants.map((variant) => ({ ...variant, group })))
      .sort((a, b) => b.terms.length - a.terms.length);
  }

  expand(question: string): WeightedTerms {
    const terms = clinicalTerms(question);
    const normal = normaliseTerm(question);
    const weights: WeightedTerms = new Map();
    for (const term of terms) weights.set(term, 1);
    const found = (p: Phrase) => (p.cjk ? normal.includes(p.cjk) : containsPhrase(terms, p.terms));
    const matchedGroups = new Set<number>();
    for (const p of this.phrases) if (!matchedGroups.has(p.group) && found(p)) matchedGroups.add(p.group);
    const raise = (term: string, weight: number) => {
      if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
    };
    const spread = (p: Phrase, weight: number) => {
      for (const term of p.terms) raise(term, weight / p.terms.length);
    };
    for (const group of matchedGroups)
      for (const variant of this.groups[group]!) spread(variant, VARIANT_WEIGHT);
    for (const { phrases, members } of this.classes) {
      if (!phrases.some(found)) continue;
      for (const member of members) spread(member, MEMBER_WEIGHT);
    }
    return weights;
  }
}

/** A CJK term searches its CJK terms only (the "2" of 2型糖尿病 or the "st" of ST段 would match anything). */
function phrase(term: string): Phrase {
  if (!CJK_CHAR.test(term)) return { terms: clinicalTerms(term) };
  const terms = [...new Set(clinicalTerms(term).filter((t) => CJK_CHAR.test(t)))];
  return { terms, cjk: normaliseTerm(term) };
}

function containsPhrase(terms: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (terms[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
