import { toEvidence } from '../evidence/evidence-entry.js';
import { CitationVerifier } from '../verifier/citation-verifier.js';
import { generateExtractiveDraft } from './extractive-generator.js';

const note = (id: string, daysAgo: number, text: string) =>
  toEvidence({ id, kind: 'note', occurredAt: new Date(Date.UTC(2026, 5, 30 - daysAgo)), body: { text } });

// A consult note retrieval found for "TIA consult" (by its plural "TIAs", which the question's words
// do not fold to) beside notes that repeat the question's words more often.
const tiaConsult = note(
  'consult',
  300,
  'REASON FOR REFERRAL: Transient episode of slurred speech and numbness of the left cheek last night. ' +
    'The chart indicates recurrent TIAs x3 yesterday, each lasting about five minutes.',
);
const others = [
  note('clinic-1', 10, 'Consult requested for knee pain. The consult found mild osteoarthritis of the knee.'),
  note('clinic-2', 20, 'Consult for a rash on the forearm. Consult advice: emollients twice daily.'),
  note('clinic-3', 30, 'Consult about insomnia. Consult plan: sleep hygiene and review in a month.'),
  note('clinic-4', 40, 'Consult for heartburn after meals. Consult plan: omeprazole for four weeks.'),
];
const entries = [tiaConsult, ...others];
const cites = (draft: ReturnType<typeof generateExtractiveDraft>, id: string) =>
  draft.sections.some((s) => s.sentences.some((x) => x.citations.some((c) => c.entryId === id)));

describe('notes retrieval ranked high are cited', () => {
  it('a top-5 note with none of the question’s words gives its opening sentence, verified', () => {
    const question = 'Summarise the cerebrovascular consult.';
    const draft = generateExtractiveDraft({
      question,
      entries,
      retrievedIds: ['clinic-1', 'consult', 'clinic-2', 'clinic-3', 'clinic-4'],
    });
    expect(cites(draft, 'consult')).toBe(true);
    const presenting = draft.sections.find((s) => s.key === 'presenting')!;
    const added = presenting.sentences.find((s) => s.citations[0]!.entryId === 'consult')!;
    expect(added.text).toMatch(/^REASON FOR REFERRAL: Transient episode/);
    const verified = new CitationVerifier(entries).verifyDraft(draft);
    expect(verified.sections.flatMap((s) => s.sentences).filter((s) => s.unsupported)).toEqual([]);
  });

  it('adds nothing for a note retrieval ranked below the top five', () => {
    const question = 'Summarise the cerebrovascular consult.';
    const draft = generateExtractiveDraft({
      question,
      entries,
      retrievedIds: ['clinic-1', 'clinic-2', 'clinic-3', 'clinic-4', 'other', 'consult'],
    });
    expect(cites(draft, 'consult')).toBe(false);
  });
});
