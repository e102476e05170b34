import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { EvidenceEntry } from './evidence/evidence-entry.js';
import { generateExtractiveDraft } from './generator/extractive-generator.js';
import { ChatCompletionsClient } from './llm/chat-completions-client.js';
import { LlmReportGenerator } from './llm/llm-generator.js';
import type { ReportDraft, ReportSection } from './report.types.js';
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

  async draft(question: string, entries: EvidenceEntry[], retrievedIds: string[]): Promise<ReportDraft> {
    const input = { question, entries, retrievedIds };
    const draft = this.llm ? await this.llm.generate(input) : generateExtractiveDraft(input);
    return new CitationVerifier(entries).verifyDraft(draft);
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
