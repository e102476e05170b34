import { generateExtractiveDraft } from '../../src/reports/generator/extractive-generator.js';
import { CitationVerifier } from '../../src/reports/verifier/citation-verifier.js';
import { extractFacts } from '../../src/reports/verifier/evidence-facts.js';
import { loadEvalSet } from './eval-set.js';

/**
 * The extractive generator measured on the labelled set: every sentence cited, fact
 * recall (the facts a correct draft must contain), and citation precision (each citation's quote
 * is exactly its entry's text at [start, end) and carries at least one of the sentence's facts or
 * content terms). Citation precision uses the verifier's own rules, so it is a consistency
 * measure, not an independent human judgement.
 */
const { patients } = loadEvalSet();

describe('extractive drafts on the labelled set', () => {
  const drafts = patients.map((patient) => {
    const draft = generateExtractiveDraft({ question: patient.question, entries: patient.entries });
    return { patient, draft, verified: new CitationVerifier(patient.entries).verifyDraft(draft) };
  });
  const sentences = drafts.flatMap(({ patient, verified }) =>
    verified.sections.flatMap((s) => s.sentences.map((sentence) => ({ patient, sentence }))),
  );

  it('cites every sentence, and the verifier accepts every one', () => {
    expect(sentences.length).toBeGreaterThan(patients.length * 5);
    expect(sentences.filter(({ sentence }) => !sentence.citations.length)).toEqual([]);
    expect(sentences.filter(({ sentence }) => sentence.unsupported).map(({ sentence }) => sentence)).toEqual(
      [],
    );
  });

  it('reaches full fact recall', () => {
    let found = 0;
    let total = 0;
    const missing: string[] = [];
    for (const { patient, verified } of drafts) {
      const text = verified.sections
        .flatMap((s) => s.sentences.map((x) => x.text))
        .join('\n')
        .toLowerCase();
      for (const fact of patient.requiredFacts) {
        total++;
        if (text.includes(fact.toLowerCase())) found++;
        else missing.push(`${patient.id}: ${fact}`);
      }
    }
    console.log(`fact recall ${found}/${total} = ${(found / total).toFixed(3)}`, missing);
    expect(found / total).toBe(1);
  });

  it('has precise citations', () => {
    let precise = 0;
    let total = 0;
    for (const { patient, sentence } of sentences) {
      const facts = extractFacts(sentence.text);
      const terms = new Set(facts.words.tokens.map((t) => t.term));
      for (const citation of sentence.citations) {
        total++;
        const entry = patient.entries.find((e) => e.id === citation.entryId);
        if (!entry || entry.text.slice(citation.start, citation.end) !== citation.quote) continue;
        const quote = extractFacts(citation.quote);
        const shares =
          quote.words.tokens.some((t) => terms.has(t.term)) ||
          quote.quantities.some((q) => facts.quantities.some((f) => f.value === q.value));
        if (shares) precise++;
      }
    }
    console.log(`citation precision ${precise}/${total} = ${(precise / total).toFixed(3)}`);
    expect(precise / total).toBe(1);
  });
});
