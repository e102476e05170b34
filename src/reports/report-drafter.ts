import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { EvidenceEntry } from './evidence/evidence-entry.js';
import { generateExtractiveDraft } from './generator/extractive-generator.js';
import { ChatCompletionsClient } from './llm/chat-completions-client.js';
import { LlmReportGenerator } from './llm/llm-generator.js';
import type { RetrievedForReport } from '../retrieval/report-retriever.js';
import type { ReportDraft, ReportSection } from './report.types.js';
import { memoryTrace } from './trace/memory-trace.js';
import { CitationVerifier } from './verifier/citation-verifier.js';

/**
 * Chooses the generator (the LLM one when LLM_BASE_URL and LLM_MODEL are set, else extractive)
 * and passes every draft and every edit through the citation verifier.
 */
@Injectable()
export class ReportDrafter {
  private readonly llm?: LlmReportGenerator;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.LLM_BASE_URL && config.LLM_MODEL) {
      this.llm = new LlmReportGenerator(
        new ChatCompletionsClient({
          baseUrl: config.LLM_BASE_URL,
          model: config.LLM_MODEL,
          apiKey: config.LLM_API_KEY,
          timeoutMs: config.LLM_TIMEOUT_MS,
          maxRetries: config.LLM_MAX_RETRIES,
        }),
      );
    }
  }

  /**
   * A verified draft with its memory trace. `retrieved` is retrieval's ranking (undefined when
   * retrieval was unavailable). An LLM draft without an Answer gets the extractive one.
   */
  async draft(
    question: string,
    entries: EvidenceEntry[],
    retrieved: RetrievedForReport[] | undefined,
  ): Promise<ReportDraft> {
    const input = { question, entries, retrievedIds: (retrieved ?? []).map((r) => r.entryId) };
    const generated = this.llm
      ? withAnswer(await this.llm.generate(input), input)
      : generateExtractiveDraft(input);
    const verified = new CitationVerifier(entries).verifyDraft(generated);
    return { ...verified, trace: memoryTrace(question, retrieved, verified.sections, entries) };
  }

  /** A clinician's edit: every sentence re-verified against the patient's current entries. */
  reverify(sections: ReportSection[], entries: EvidenceEntry[]): ReportSection[] {
    const verifier = new CitationVerifier(entries);
    return sections.map((section) => ({
      ...section,
      sentences: section.sentences.map(
        (s) => verifier.verify({ text: s.text, citations: s.citations }).sentence,
      ),
    }));
  }
}

/** The extractive Answer for a draft whose model wrote none. */
function withAnswer(draft: ReportDraft, input: Parameters<typeof generateExtractiveDraft>[0]): ReportDraft {
  const answer = draft.sections.find((s) => s.key === 'answer');
  if (answer?.sentences.length) return draft;
  const extractive = generateExtractiveDraft(input).sections.find((s) => s.key === 'answer')!;
  return { ...draft, sections: [extractive, ...draft.sections.filter((s) => s.key !== 'answer')] };
}
