import type { Caller } from '../common/caller.js';
import type { RetrievalWhy } from './ranking/why.js';

/** One ranked entry as a report draft sees it: what retrieval found and why (the draft's trace). */
export interface RetrievedForReport {
  entryId: string;
  kind: string;
  occurredAt: Date;
  score: number;
  /** lexical: BM25 / best BM25; dense: cosine; recency prior; kind: the question points at it. */
  signals: { lexical: number; dense?: number; recency: number; kind: boolean };
  why: RetrievalWhy;
}

/**
 * What report drafts may ask of retrieval: the patient's entries best first for a question. Bound
 * to REPORT_RETRIEVER by the retrieval module (RetrievalService); the reports module injects it
 * optionally — without it the generators rank by recency and their own lexical match.
 */
export interface ReportRetriever {
  /** This patient's entries, best first. The retriever checks access and audits its read. */
  rank(patientId: string, question: string, caller: Caller): Promise<RetrievedForReport[]>;
}
export const REPORT_RETRIEVER = Symbol('REPORT_RETRIEVER');
