import type { RetrievedForReport } from '../../retrieval/report-retriever.js';
import type { RetrievalWhy } from '../../retrieval/ranking/why.js';
import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import type { ReportSection, SectionKey } from '../report.types.js';

/** One entry retrieval ranked for the question, and whether the draft used it. */
export interface TracedRetrieval {
  entryId: string;
  /** 1 = ranked first. */
  rank: number;
  kind: string;
  /** ISO date-time of the entry. */
  occurredAt: string;
  score: number;
  /** bm25: BM25 / best BM25 for the question; dense: cosine similarity; kind: kind prior applied. */
  signals: { bm25: number; dense?: number; recency: number; kind: boolean };
  /** Matched words, synonyms used, similarity, age, in words (retrieval's RetrievalWhy). */
  why: RetrievalWhy;
  cited: boolean;
}

/** One entry the draft cites, and where it came from. */
export interface TracedCitation {
  entryId: string;
  kind: string;
  occurredAt: string;
  /** Its rank in the retrieval list, or absent when the draft took it from the structured record. */
  retrievedRank?: number;
  /** The sections whose sentences cite it. */
  sections: SectionKey[];
}

/**
 * What the memory contributed to a draft: the question, what retrieval ranked (with its
 * signals and why), what the draft cited, and what it left out. Stored with the report, encrypted
 * under the patient's DEK like the report body; it describes the draft as generated.
 */
export interface MemoryTrace {
  question: string;
  /** 'ranked': retrieval ranked the entries; 'unavailable': it failed or is not bound (recency only). */
  retrieval: 'ranked' | 'unavailable';
  retrieved: TracedRetrieval[];
  cited: TracedCitation[];
  /** Ids of retrieved entries the draft does not cite, in rank order. */
  leftOut: string[];
  /** How many of the patient's entries the generator was given (the draft's read). */
  entriesRead: number;
}

export function memoryTrace(
  question: string,
  retrieved: readonly RetrievedForReport[] | undefined,
  sections: readonly ReportSection[],
  entries: readonly EvidenceEntry[],
): MemoryTrace {
  const sectionsOf = new Map<string, SectionKey[]>();
  for (const section of sections)
    for (const sentence of section.sentences)
      for (const { entryId } of sentence.citations) {
        const keys = sectionsOf.get(entryId) ?? [];
        if (!keys.includes(section.key)) keys.push(section.key);
        sectionsOf.set(entryId, keys);
      }
  const ranked = retrieved ?? [];
  const rankOf = new Map(ranked.map((r, i) => [r.entryId, i + 1]));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const cited: TracedCitation[] = [];
  for (const [entryId, keys] of sectionsOf) {
    const entry = byId.get(entryId);
    if (!entry) continue; // a forged citation: the verifier already removed it from the sentence
    const rank = rankOf.get(entryId);
    cited.push({
      entryId,
      kind: entry.kind,
      occurredAt: new Date(entry.time).toISOString(),
      ...(rank === undefined ? {} : { retrievedRank: rank }),
      sections: keys,
    });
  }
  return {
    question,
    retrieval: retrieved ? 'ranked' : 'unavailable',
    retrieved: ranked.map((r, i) => ({
      entryId: r.entryId,
      rank: i + 1,
      kind: r.kind,
      occurredAt: new Date(r.occurredAt).toISOString(),
      score: r.score,
      signals: {
        bm25: r.signals.lexical,
        ...(r.signals.dense === undefined ? {} : { dense: r.signals.dense }),
        recency: r.signals.recency,
        kind: r.signals.kind,
      },
      why: r.why,
      cited: sectionsOf.has(r.entryId),
    })),
    cited,
    leftOut: ranked.filter((r) => !sectionsOf.has(r.entryId)).map((r) => r.entryId),
    entriesRead: entries.length,
  };
}
