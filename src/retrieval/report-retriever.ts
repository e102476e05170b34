import type { Caller } from '../common/caller.js';

/**
 * What report drafts may ask of retrieval: entry ids best first for a question. Bound to
 * REPORT_RETRIEVER by the retrieval module (RetrievalService); the reports module injects it
 * optionally — without it the generators rank by recency and their own lexical match.
 */
export interface ReportRetriever {
  /** Ids of this patient's entries, best first. The retriever checks access and audits its read. */
  rank(patientId: string, question: string, caller: Caller): Promise<string[]>;
}
export const REPORT_RETRIEVER = Symbol('REPORT_RETRIEVER');
