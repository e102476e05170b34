import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import type { Citation, ReportDraft, ReportSentence, Unsupported } from '../report.types.js';
import { sameNumber } from '../text/quantities.js';
import { extractFacts, type TextFacts } from './evidence-facts.js';
import { checkClaimClauses } from './claim-clauses.js';
import { checkFacts, checkNegation, checkTrend } from './fact-checks.js';
import { checkQualifiers } from './qualifiers.js';
import { supportScore } from './support-score.js';

/**
 * Calibrated on the labelled set's calibration half (test/fixtures/reports, see README): the
 * lowest content-word support among supported sentences sits well above it, and most planted
 * claims from other patients fall below it.
 */
export const DEFAULT_SUPPORT_THRESHOLD = 0.45;

export interface VerifierOptions {
  supportThreshold?: number;
}

export interface SentenceVerdict {
  sentence: ReportSentence;
  score: number;
}

/**
 * The citation verifier. Used for every generator's output and every clinician edit.
 * `authorized` is the set of entries this caller may see for this patient (retrieved and checked
 * by access); anything cited outside it is removed and the sentence flagged.
 */
export class CitationVerifier {
  private readonly byId: Map<string, EvidenceEntry>;
  private readonly facts = new Map<string, TextFacts>();
  private readonly threshold: number;

  constructor(authorized: Iterable<EvidenceEntry>, options: VerifierOptions = {}) {
    this.byId = new Map([...authorized].map((entry) => [entry.id, entry]));
    this.threshold = options.supportThreshold ?? DEFAULT_SUPPORT_THRESHOLD;
  }

  verifyDraft(draft: ReportDraft): ReportDraft {
    return {
      ...draft,
      sections: draft.sections.map((section) => ({
        ...section,
        sentences: section.sentences.map((sentence) => this.verify(sentence).sentence),
      })),
    };
  }

  verify(input: ReportSentence): SentenceVerdict {
    const text = input.text;
    if (!input.citations.length)
      return flagged(text, [], { code: 'uncited', reason: 'the sentence cites no entry' });
    const known = input.citations.filter((c) => this.byId.has(c.entryId));
    const citations = known.map((c) => this.locate(c)).filter((c): c is Citation => c !== undefined);
    if (known.length < input.citations.length)
      return flagged(text, citations, {
        code: 'forged-citation',
        reason: 'a cited entry is not among the authorized entries of this patient; it was removed',
      });
    if (!citations.length)
      return flagged(text, [], { code: 'quote-mismatch', reason: 'no cited quote is found in its entry' });
    if (citations.length < known.length)
      return flagged(text, citations, {
        code: 'quote-mismatch',
        reason: 'a cited quote is not found in its entry',
      });

    const sentence = extractFacts(text);
    const perCitation = citations.map((c) => this.factsOf(c.quote));
    // Each quote's numbers are read with its own decimal mark (a French and an English quote may be cited together).
    const joined = extractFacts(citations.map((c) => c.quote).join(' | '));
    const quantities = perCitation.flatMap((f) => f.quantities);
    const evidence = {
      ...joined,
      quantities,
      units: new Set(quantities.flatMap((q) => (q.unit ? [q.unit] : []))),
    };
    const evidenceDates = [
      ...evidence.dates.flatMap((d) => d.values),
      ...citations.map((c) => this.byId.get(c.entryId)!.date),
    ];
    const score = supportScore(sentence.words, evidence.words);
    const problem =
      checkFacts(sentence, evidence, evidenceDates) ??
      checkNegation(sentence, evidence) ??
      checkQualifiers(sentence, evidence) ??
      checkTrend(text, this.chronological(sentence, citations, perCitation)) ??
      checkClaimClauses(text, evidence) ??
      (score < this.threshold
        ? {
            code: 'low-support' as const,
            reason: `the cited quotes support too little of the sentence (${score.toFixed(2)})`,
          }
        : undefined);
    return problem
      ? { ...flagged(text, citations, problem), score }
      : { sentence: { text, citations }, score };
  }

  /** The quote must be the entry's text at [start, end); a moved quote is re-located, a made-up one dropped. */
  private locate(citation: Citation): Citation | undefined {
    const text = this.byId.get(citation.entryId)!.text;
    if (citation.quote && text.slice(citation.start, citation.end) === citation.quote) return { ...citation };
    const at = citation.quote ? text.indexOf(citation.quote) : -1;
    return at < 0 ? undefined : { ...citation, start: at, end: at + citation.quote.length };
  }

  /** The sentence's values ordered by the date of the cited entry each comes from. */
  private chronological(sentence: TextFacts, citations: Citation[], perCitation: TextFacts[]): number[] {
    const dated = sentence.quantities.map((q, index) => {
      const from = perCitation.findIndex((f) => f.quantities.some((e) => sameNumber(e.value, q.value)));
      const time = from < 0 ? Number.NaN : this.byId.get(citations[from]!.entryId)!.time;
      return { value: q.value, time, index };
    });
    const withUnitOrder = dated.filter((d) => !Number.isNaN(d.time));
    if (withUnitOrder.length < 2) return [];
    return withUnitOrder.sort((a, b) => a.time - b.time || a.index - b.index).map((d) => d.value);
  }

  private factsOf(quote: string): TextFacts {
    let facts = this.facts.get(quote);
    if (!facts) this.facts.set(quote, (facts = extractFacts(quote)));
    return facts;
  }
}

function flagged(text: string, citations: Citation[], unsupported: Unsupported): SentenceVerdict {
  return { sentence: { text, citations, unsupported }, score: 0 };
}
