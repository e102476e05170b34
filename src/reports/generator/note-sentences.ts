import { sentenceSpans, visualLength } from '../../terminology/text/sentences.js';
import { contentStart, type EvidenceEntry } from '../evidence/evidence-entry.js';

export interface Span {
  entry: EvidenceEntry;
  start: number;
  end: number;
  text: string;
}

const MAX_SENTENCE = 400;

/**
 * A note's sentences as spans of its evidence text (so each is a ready citation), split at Latin
 * and CJK sentence ends (src/terminology/text/sentences.ts). Sentences with a link or image are
 * skipped: nothing from a note is ever fetched or rendered as markup. A CJK character counts as
 * two towards the minimum length (a Chinese sentence is short in characters).
 */
export function noteSentences(entry: EvidenceEntry): Span[] {
  const text = entry.text;
  return sentenceSpans(text, contentStart(entry), { capitalAfter: true })
    .map(({ start, end }) => ({ entry, start, end, text: text.slice(start, end) }))
    .filter(
      (span) =>
        visualLength(span.text) >= 12 &&
        span.text.length <= MAX_SENTENCE &&
        !/https?:\/\/|!\[|\]\(|www\./i.test(span.text),
    );
}

export function whole(entry: EvidenceEntry): Span {
  return { entry, start: 0, end: entry.text.length, text: entry.text };
}
