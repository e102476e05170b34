import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import { generateExtractiveDraft, type GenerateInput } from '../generator/extractive-generator.js';
import { reportLanguage, sectionTitles } from '../report-language.js';
import type { ReportDraft } from '../report.types.js';
import { type ChatCompletionsClient, LlmUnavailableError } from './chat-completions-client.js';
import { parseAnswer } from './llm-answer.js';
import { buildPrompt } from './llm-prompt.js';

const MAX_EXCERPTS = 40;

/**
 * The optional generator: an OpenAI-compatible endpoint drafts the prose from numbered excerpts.
 * Any failure (timeout, HTTP error, bad stream, an answer with no sentences) falls back to the
 * extractive draft with the reason. The caller runs the result through the citation verifier.
 */
export class LlmReportGenerator {
  constructor(private readonly client: ChatCompletionsClient) {}

  async generate(input: GenerateInput, onDelta?: (text: string) => void): Promise<ReportDraft> {
    const extractive = generateExtractiveDraft(input);
    const excerpts = selectExcerpts(input, extractive);
    try {
      const answer = await this.client.complete(buildPrompt(input.question, { entries: excerpts }), onDelta);
      const sections = parseAnswer(answer, excerpts);
      if (!sections.some((s) => s.sentences.length))
        return { ...extractive, fallbackReason: 'the model answer had no sentences' };
      const gaps = extractive.sections.find((s) => s.key === 'gaps');
      const titles = sectionTitles(reportLanguage(input.question));
      return {
        question: input.question,
        generator: 'llm',
        // Titles and the gap notices in the question's language, as the extractive draft writes them.
        sections: sections.map((s) => ({
          ...s,
          title: titles[s.key],
          ...(s.key === 'gaps' && gaps ? { notices: [...gaps.notices] } : {}),
        })),
      };
    } catch (error) {
      const reason =
        error instanceof LlmUnavailableError ? `${error.reason}: ${error.message}` : 'generation failed';
      return { ...extractive, fallbackReason: reason };
    }
  }
}

/** Retrieved entries first, then those the extractive draft cites, at most MAX_EXCERPTS. */
export function selectExcerpts(input: GenerateInput, extractive: ReportDraft): EvidenceEntry[] {
  const byId = new Map(input.entries.map((e) => [e.id, e]));
  const ids = [
    ...(input.retrievedIds ?? []),
    ...extractive.sections.flatMap((s) => s.sentences.flatMap((x) => x.citations.map((c) => c.entryId))),
  ];
  const chosen: EvidenceEntry[] = [];
  for (const id of new Set(ids)) {
    const entry = byId.get(id);
    if (entry) chosen.push(entry);
    if (chosen.length >= MAX_EXCERPTS) break;
  }
  return chosen;
}
