import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/database/paths.js';
import { entryText } from '../../../src/records/entry-text.js';
import { toEvidence, type EvidenceEntry } from '../../../src/reports/evidence/evidence-entry.js';
import type { ClinicalTextSet } from '../../../src/retrieval/evaluation/clinical-text-set.js';
import { PatientCorpus } from '../../../src/retrieval/ranking/patient-corpus.js';

/**
 * One question about one patient for the draft evaluation: the patient's entries as evidence and
 * as a retrieval corpus, and what a good draft must contain (required facts, or the relevant
 * entries a draft must cite).
 */
export interface EvalCase {
  id: string;
  set: string;
  split: 'dev' | 'test' | 'all';
  question: string;
  asOf: Date;
  entries: EvidenceEntry[];
  corpus: PatientCorpus;
  requiredFacts?: string[];
  relevant?: string[];
}

const DAY_MS = 86_400_000;
const BURY_YEARS = 4;
const ROUTINE_ENTRIES = 160;
const ROUTINE_NOTES = [
  'Routine follow-up visit. Feels well. No new complaints. Continue current management.',
  'Annual wellness visit. Vaccinations reviewed. Diet and exercise counselling given.',
  'Telephone contact: appointment rescheduled at patient request.',
  'Routine visit for prescription renewal. Patient is doing well.',
  'Seen for a minor sprained ankle. Rest, ice and elevation advised. Resolved at follow-up.',
];

interface RawPatient {
  id: string;
  question: string;
  requiredFacts: string[];
  entries: { id: string; kind: string; occurredAt: string; body: unknown }[];
}

/**
 * The labelled synthetic set (test/fixtures/reports/eval-set.json, 30 patients), each patient
 * twice: as written (its story in the last months) and "buried" — the same story moved four years
 * back under 160 routine entries (visits, heart rate, weight) written since, so the answer is old.
 */
export function syntheticCases(): EvalCase[] {
  const raw = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'reports', 'eval-set.json'), 'utf8'),
  ) as { patients: RawPatient[] };
  const cases: EvalCase[] = [];
  for (const patient of raw.patients) {
    const latest = Math.max(...patient.entries.map((e) => new Date(e.occurredAt).getTime()));
    const asOf = new Date(latest + DAY_MS);
    cases.push(evalCase(`${patient.id}`, 'synthetic, recent', patient, patient.entries, asOf));
    const shift = BURY_YEARS * 365 * DAY_MS;
    const moved = patient.entries.map((e) => ({
      ...e,
      occurredAt: new Date(new Date(e.occurredAt).getTime() - shift).toISOString(),
    }));
    cases.push(
      evalCase(
        `${patient.id}-buried`,
        'synthetic, buried',
        patient,
        [...moved, ...routine(patient.id, latest)],
        asOf,
      ),
    );
  }
  return cases;
}

/** Routine entries over the last four years: visits, heart rate and weight; none bears on a question. */
function routine(patientId: string, latest: number): RawPatient['entries'] {
  return Array.from({ length: ROUTINE_ENTRIES }, (_, i) => {
    const occurredAt = new Date(
      latest - Math.floor((i * BURY_YEARS * 365) / ROUTINE_ENTRIES) * DAY_MS,
    ).toISOString();
    const id = `${patientId}-routine-${i}`;
    if (i % 3 === 0)
      return { id, kind: 'note', occurredAt, body: { text: ROUTINE_NOTES[i % ROUTINE_NOTES.length] } };
    if (i % 3 === 1)
      return {
        id,
        kind: 'observation',
        occurredAt,
        body: { name: 'Heart rate', value: 64 + (i % 15), unit: '/min' },
      };
    return {
      id,
      kind: 'observation',
      occurredAt,
      body: { name: 'Body weight', value: 70 + (i % 5), unit: 'kg' },
    };
  });
}

function evalCase(
  id: string,
  set: string,
  patient: RawPatient,
  raw: RawPatient['entries'],
  asOf: Date,
): EvalCase {
  const entries = raw.map(toEvidence);
  return {
    id,
    set,
    split: 'all',
    question: patient.question,
    asOf,
    entries,
    corpus: corpusOf(raw),
    requiredFacts: patient.requiredFacts,
  };
}

/** The real-text set's questions as draft cases (the whole patient is the record). */
export function clinicalTextCases(set: ClinicalTextSet): EvalCase[] {
  const byPatient = new Map(
    set.patients.map((p) => {
      const raw = p.notes.map((n) => ({
        id: n.id,
        kind: 'note',
        occurredAt: n.occurredAt.toISOString(),
        body: { text: n.text },
      }));
      return [p.id, { entries: raw.map(toEvidence), corpus: corpusOf(raw) }] as const;
    }),
  );
  return set.questions.map((q) => ({
    id: q.id,
    set: 'real text (MTSamples)',
    split: q.split,
    question: q.question,
    asOf: set.asOf,
    ...byPatient.get(q.patientId)!,
    relevant: q.relevant,
  }));
}

function corpusOf(raw: RawPatient['entries']): PatientCorpus {
  return new PatientCorpus(
    raw.map((e) => ({
      id: e.id,
      kind: e.kind,
      occurredAt: new Date(e.occurredAt),
      text: entryText(e.kind, e.body),
    })),
  );
}
