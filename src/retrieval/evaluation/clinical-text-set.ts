import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../database/paths.js';
import { csvRecords } from './csv.js';

/**
 * A retrieval and draft evaluation on real text nobody on this project wrote: the
 * MTSamples transcriptions in `../shared/clinical-text/` (CC0) grouped into synthetic patients of
 * 60 notes, each note dated within eight years before `asOf`, and questions that name one note's
 * topic — from its `sample_name` ("What did the 2-D echocardiogram show?") or from three of its
 * `keywords` — never copied from the note's text. A question's relevant notes are every note of
 * the patient with the same sample name (without its " - 2" number), or, for a keyword question,
 * whose keywords contain all three. Seeded: the same file gives the same set. Patients alternate
 * between a dev split (tune on it) and a held-out test split (report it).
 */
export const CLINICAL_TEXT_PATH = join(PROJECT_ROOT, '..', 'shared', 'clinical-text', 'mtsamples-dev.csv');
export const NOTES_PER_PATIENT = 60;
export const QUESTIONS_PER_PATIENT = 8;
const SEED = 17;
const YEARS = 8;
const DAY_MS = 86_400_000;

export type Split = 'dev' | 'test';

export interface ClinicalTextNote {
  id: string;
  kind: 'note';
  occurredAt: Date;
  text: string;
}

export interface ClinicalTextQuestion {
  id: string;
  patientId: string;
  question: string;
  source: 'sample-name' | 'keywords';
  relevant: string[];
}

export interface ClinicalTextSet {
  asOf: Date;
  patients: { id: string; split: Split; notes: ClinicalTextNote[] }[];
  questions: (ClinicalTextQuestion & { split: Split })[];
}

interface Row {
  id: string;
  name: string;
  keywords: string[];
  specialty: string;
  text: string;
}

const NAME_TEMPLATES = [
  (name: string) => `What did the ${name} show?`,
  (name: string) => `Summarise the ${name}.`,
  (name: string) => `Findings of the ${name}?`,
];

export function loadClinicalTextSet(
  path = CLINICAL_TEXT_PATH,
  asOf = new Date('2026-06-01'),
): ClinicalTextSet {
  const random = mulberry32(SEED);
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const record of csvRecords(readFileSync(path, 'utf8'))) {
    const text = tidy(record.transcription ?? '');
    const key = text.toLowerCase();
    if (text.length < 200 || seen.has(key)) continue; // MTSamples repeats notes under several specialties
    seen.add(key);
    rows.push({
      id: `mt-${record.note_id}`,
      name: baseName(record.sample_name ?? ''),
      specialty: (record.medical_specialty ?? '').trim().toLowerCase(),
      keywords: (record.keywords ?? '')
        .split(',')
        .map((k) => k.trim().toLowerCase())
        .filter(Boolean),
      text,
    });
  }
  shuffle(rows, random);
  const patients: ClinicalTextSet['patients'] = [];
  const questions: ClinicalTextSet['questions'] = [];
  for (let p = 0; (p + 1) * NOTES_PER_PATIENT <= rows.length; p++) {
    const id = `patient-${String(p).padStart(2, '0')}`;
    const split: Split = p % 2 === 0 ? 'dev' : 'test';
    const members = rows.slice(p * NOTES_PER_PATIENT, (p + 1) * NOTES_PER_PATIENT);
    const notes = members.map((row) => ({
      id: row.id,
      kind: 'note' as const,
      occurredAt: new Date(asOf.getTime() - Math.floor(random() * YEARS * 365) * DAY_MS - DAY_MS),
      text: row.text,
    }));
    patients.push({ id, split, notes });
    const targets = shuffle([...members], random).filter((row) => row.name.split(' ').length >= 2);
    for (const [i, row] of targets.slice(0, QUESTIONS_PER_PATIENT).entries()) {
      const keywordQuestion = i % 2 === 1 && topicKeywords(row).length >= 3;
      const question = keywordQuestion
        ? keywordsQuestion(row, members, id)
        : nameQuestion(row, members, id, NAME_TEMPLATES[i % NAME_TEMPLATES.length]!);
      questions.push({ ...question, split, id: `${id}-q${i}` });
    }
  }
  return { asOf, patients, questions };
}

function nameQuestion(
  row: Row,
  members: Row[],
  patientId: string,
  template: (name: string) => string,
): ClinicalTextQuestion {
  const name = row.name.replace(/^[A-Z][a-z]/, (s) => s.toLowerCase());
  const relevant = members.filter((m) => m.name.toLowerCase() === row.name.toLowerCase()).map((m) => m.id);
  return { id: '', patientId, question: template(name), source: 'sample-name', relevant };
}

function keywordsQuestion(row: Row, members: Row[], patientId: string): ClinicalTextQuestion {
  const words = topicKeywords(row).slice(0, 3);
  const relevant = members.filter((m) => words.every((w) => m.keywords.includes(w))).map((m) => m.id);
  return {
    id: '',
    patientId,
    question: `Anything about ${words[0]}, ${words[1]} or ${words[2]}?`,
    source: 'keywords',
    relevant,
  };
}

/** Keywords other than the specialty (MTSamples lists the specialty first). */
function topicKeywords(row: Row): string[] {
  return row.keywords.filter((k) => k !== row.specialty && k.length > 3);
}

/** "2-D Echocardiogram - 3" → "2-D Echocardiogram". */
function baseName(name: string): string {
  return name.replace(/\s+-\s+\d+\s*$/, '').trim();
}

/** MTSamples writes headings as "HEADING:," and pads with spaces: one readable line per heading. */
function tidy(text: string): string {
  return text
    .replace(/:\s*,/g, ':')
    .replace(/\.,(?=\S)/g, '.\n')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
