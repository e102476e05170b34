import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Citation, ReportSection, ReportSentence } from '../api/types';
import { CitationMarker } from './CitationMarker';

const SECTION_KEYS = [
  'answer',
  'presenting',
  'history',
  'medications',
  'allergies',
  'results',
  'assessments',
  'diagnoses',
  'gaps',
  'other',
] as const;
type SectionKey = (typeof SECTION_KEYS)[number];
const isSectionKey = (key: string): key is SectionKey => (SECTION_KEYS as readonly string[]).includes(key);

function Sentence({
  sentence,
  numbers,
  onOpen,
}: {
  sentence: ReportSentence;
  numbers: Map<string, number>;
  onOpen: (citation: Citation) => void;
}) {
  const { t } = useTranslation();
  const unsupported = sentence.unsupported;
  return (
    <>
      <span className={unsupported ? 'sentence unsupported' : 'sentence'}>
        {sentence.text}
        {sentence.citations.map((citation, i) => (
          <CitationMarker
            key={`${citation.entryId}-${i}`}
            citation={citation}
            number={numbers.get(citation.entryId) ?? 0}
            onOpen={onOpen}
          />
        ))}
      </span>
      {unsupported && (
        <span className="unsupported-reason">
          {' '}
          {t('report.unsupportedReason', { reason: unsupported.reason })}
        </span>
      )}{' '}
    </>
  );
}

/** One section; in edit mode each sentence is a text box (its citations stay attached). */
export function ReportSectionView({
  section,
  numbers,
  editable,
  saving,
  onOpen,
  onSave,
}: {
  section: ReportSection;
  numbers: Map<string, number>;
  editable: boolean;
  saving: boolean;
  onOpen: (citation: Citation) => void;
  onSave: (sentences: ReportSentence[]) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ReportSentence[] | null>(null);
  const headingId = `section-${section.key}`;
  // The title in the reader's language for the sections the client knows; else as the server named it.
  const title = isSectionKey(section.key) ? t(`report.sections.${section.key}`) : section.title;
  return (
    <section className="report-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title}
        {editable && draft === null && section.sentences.length > 0 && (
          <button
            type="button"
            className="link"
            style={{ marginLeft: '0.75rem', fontSize: '0.9rem' }}
            onClick={() => setDraft(section.sentences.map((s) => ({ ...s })))}
            aria-label={t('report.editSection', { title })}
          >
            {t('report.edit')}
          </button>
        )}
      </h2>
      {draft === null && section.sentences.length === 0 && section.notices.length === 0 ? (
        <p className="muted">{t('report.emptySection')}</p>
      ) : draft === null ? (
        <p>
          {section.sentences.map((sentence, i) => (
            <Sentence key={i} sentence={sentence} numbers={numbers} onOpen={onOpen} />
          ))}
        </p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void onSave(draft.filter((s) => s.text.trim() !== '')).then(() => setDraft(null));
          }}
        >
          {draft.map((sentence, i) => (
            <div key={i}>
              <label htmlFor={`${headingId}-${i}`}>
                {t('report.sentence', { n: i + 1 })}
                {sentence.citations.length > 0 &&
                  t('report.cites', {
                    refs: sentence.citations.map((c) => numbers.get(c.entryId)).join(', '),
                  })}
              </label>
              <textarea
                id={`${headingId}-${i}`}
                value={sentence.text}
                rows={2}
                onChange={(event) =>
                  setDraft(draft.map((s, j) => (j === i ? { ...s, text: event.target.value } : s)))
                }
              />
            </div>
          ))}
          <div className="actions">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? t('common.verifying') : t('report.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {section.notices.length > 0 && (
        <ul className="muted notices">
          {section.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
