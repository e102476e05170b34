import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import { noteSentences, whole, type Span } from '../generator/note-sentences.js';
import {
  type Citation,
  type ReportSection,
  type ReportSentence,
  SECTION_TITLES,
  type SectionKey,
} from '../report.types.js';
import { extractFacts } from '../verifier/evidence-facts.js';

const MARKER = /\[\s*E\s*(\d+)(?:\s*[,;]\s*E?\s*(\d+))*\s*\]/gi;
const MAX_SPANS_PER_ENTRY = 3;

/**
 * Turns the model's answer into report sections. Headings map to the report's sections; each
 * sentence's `[E#]` markers become citations of the numbered excerpts, quoting the spans of the
 * entry that best cover the sentence. A marker naming no excerpt becomes a citation of an unknown
 * entry, which the verifier removes and flags. Links and images are stripped, never followed.
 */
export function parseAnswer(answer: string, excerpts: EvidenceEntry[]): ReportSection[] {
  const sections = new Map<SectionKey, ReportSection>();
  let current: SectionKey = 'other';
  for (const rawLine of answer.split(/\r?\n/)) {
    const line = rawLine.trim();
    const heading = /^#{1,6}\s*(.+?)\s*#*$/.exec(line);
    if (heading) {
      current = sectionFor(heading[1]!);
      continue;
    }
    const content = stripMarkup(line.replace(/^([-*•]|\d+[.)])\s+/, ''));
    if (!content || /^not documented\.?$/i.test(content)) continue;
    for (const text of splitSentences(content)) {
      const sentence = toSentence(text, excerpts);
      if (!sentence) continue;
      const section = sections.get(current) ?? {
        key: current,
        title: SECTION_TITLES[current],
        sentences: [],
        notices: [],
      };
      section.sentences.push(sentence);
      sections.set(current, section);
    }
  }
  return (Object.keys(SECTION_TITLES) as SectionKey[])
    .map(
      (key) =>
        sections.get(key) ?? { key, title: SECTION_TITLES[key], sentences: [], notices: ['Not documented.'] },
    )
    .filter((s) => s.key !== 'other' || s.sentences.length);
}

function sectionFor(heading: string): SectionKey {
  const lower = heading.toLowerCase();
  const keys = Object.keys(SECTION_TITLES) as SectionKey[];
  return (
    keys.find((key) => lower.includes(SECTION_TITLES[key].toLowerCase().split(/[ /]/)[0]!.slice(0, 6))) ??
    'other'
  );
}

/** Markdown images and links lose their URL; bare URLs and HTML tags are removed. */
export function stripMarkup(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\((?:[^)]*)\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\b(?:https?|ftp|file|data):\S+/gi, '')
    .replace(/\bwww\.\S+/gi, '')
    .replace(/[*_`]{1,3}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?](?:\s*\[[^\]]*\])*)\s+(?=[A-Z(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function toSentence(raw: string, excerpts: EvidenceEntry[]): ReportSentence | undefined {
  const numbers = new Set<number>();
  for (const m of raw.matchAll(MARKER)) for (const group of m.slice(1)) if (group) numbers.add(Number(group));
  const text = raw
    .replace(MARKER, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[a-z]/i.test(text)) return undefined;
  const citations: Citation[] = [];
  for (const n of numbers) {
    const entry = excerpts[n - 1];
    if (!entry) citations.push({ entryId: `unknown-excerpt-E${n}`, quote: '', start: 0, end: 0 });
    else citations.push(...quotesFor(entry, text));
  }
  return { text: /[.!?]$/.test(text) ? text : `${text}.`, citations };
}

/** Spans of the entry that cover the sentence's terms and numbers best (structured: whole text). */
function quotesFor(entry: EvidenceEntry, sentence: string): Citation[] {
  if (!['note', 'document', 'imaging'].includes(entry.kind)) return [cite(whole(entry))];
  const spans = noteSentences(entry);
  if (!spans.length) return [cite(whole(entry))];
  const wanted = extractFacts(sentence);
  const terms = new Set(wanted.words.tokens.map((t) => t.term));
  const values = new Set(wanted.quantities.map((q) => q.value));
  const covered = new Set<string>();
  const chosen: Span[] = [];
  const scored = spans.map((span) => {
    const facts = extractFacts(span.text);
    const keys = [
      ...facts.words.tokens.filter((t) => terms.has(t.term)).map((t) => `t:${t.term}`),
      ...facts.quantities.filter((q) => values.has(q.value)).map((q) => `n:${q.value}`),
    ];
    return { span, keys: new Set(keys) };
  });
  for (let i = 0; i < MAX_SPANS_PER_ENTRY; i++) {
    const best = scored
      .map((s) => ({ ...s, gain: [...s.keys].filter((k) => !covered.has(k)).length }))
      .sort((a, b) => b.gain - a.gain || a.span.start - b.span.start)[0];
    if (!best || best.gain === 0) break;
    chosen.push(best.span);
    for (const key of best.keys) covered.add(key);
  }
  return (chosen.length ? chosen.sort((a, b) => a.start - b.start) : [spans[0]!]).map(cite);
}

function cite(span: Span): Citation {
  return { entryId: span.entry.id, quote: span.text, start: span.start, end: span.end };
}
