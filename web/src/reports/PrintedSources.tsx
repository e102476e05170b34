import { useTranslation } from 'react-i18next';
import type { Report } from '../api/types';
import { useFormat } from '../i18n/use-format';
import { kindLabel } from '../patients/entry-text';

/** On paper a citation number cannot be clicked: the printed report lists what each number quotes. */
export function PrintedSources({ report, numbers }: { report: Report; numbers: Map<string, number> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const quotes = new Map<string, string>();
  for (const section of report.sections)
    for (const sentence of section.sentences)
      for (const citation of sentence.citations)
        if (!quotes.has(citation.entryId)) quotes.set(citation.entryId, citation.quote);
  const cited = new Map((report.trace?.cited ?? []).map((entry) => [entry.entryId, entry]));
  if (numbers.size === 0) return null;
  return (
    <section className="print-only sources" aria-labelledby="sources-title">
      <h2 id="sources-title">{t('workspace.reports.sources')}</h2>
      <ol>
        {[...numbers].map(([entryId, number]) => {
          const entry = cited.get(entryId);
          return (
            <li key={entryId} value={number}>
              {entry && `${kindLabel(entry.kind, t)} · ${format.dateTime(entry.occurredAt)} — `}“
              {quotes.get(entryId)}”
            </li>
          );
        })}
      </ol>
    </section>
  );
}
