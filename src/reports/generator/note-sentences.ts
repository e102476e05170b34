import { contentStart, type EvidenceEntry } from '../evidence/evidence-entry.js';

export interface Span {
  entry: EvidenceEntry;
  start: number;
  end: number;
  text: string;
}

const MAX_SENTENCE = 400;

/**
 * A note's sentences as spans of its evidence text (so each is a ready citation). Sentences with a
 * link or image are skipped: nothing from a note is ever fetched or rendered as markup.
 */
export function noteSentences(entry: EvidenceEntry): Span[] {
  const spans: Span[] = [];
  const text = entry.text;
  const boundary = /[.!?](?=\s+[A-Z0-9(])|$/g;
  let from = contentStart(entry);
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const end = m.index + (m[0] ? 1 : 0);
    const raw = text.slice(from, end);
    const lead = raw.length - raw.trimStart().length;
    const start = from + lead;
    const sentence = text.slice(start, end).trimEnd();
    if (
      sentence.length >= 12 &&
      sentence.length <= MAX_SENTENCE &&
      !/https?:\/\/|!\[|\]\(|www\./i.test(sentence)
    )
      spans.push({ entry, start, end: start + sentence.length, text: sentence });
    from = end;
    if (m[0] === '') break;
  }
  return spans;
}

export function whole(entry: EvidenceEntry): Span {
  return { entry, start: 0, end: entry.text.length, text: entry.text };
}
