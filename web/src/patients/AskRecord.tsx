import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { api } from '../api/http';
import type { RetrievalResult, RetrievalWhy } from '../api/types';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { kindLabel } from './entry-text';

/** The "why" of one hit in plain words (each reason the API gives, in the reader's language). */
export function WhyList({ why }: { why: RetrievalWhy }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ul className="why">
      {why.matchedTerms.length > 0 && (
        <li>{t('workspace.ask.matched', { words: why.matchedTerms.join(', ') })}</li>
      )}
      {why.synonymsUsed.length > 0 && (
        <li>{t('workspace.ask.synonyms', { words: why.synonymsUsed.join(', ') })}</li>
      )}
      {why.similarity !== undefined && (
        <li>
          {t('workspace.ask.similarity', { value: format.number(Math.round(why.similarity * 100) / 100) })}
        </li>
      )}
      {why.kindMatch && <li>{t('workspace.ask.kindMatch')}</li>}
      <li>{t('workspace.ask.age', { days: format.number(why.ageDays) })}</li>
    </ul>
  );
}

/** The matched passage in context: up to 160 characters either side, the passage itself in <mark>. */
function Passage({ text, start, end }: { text: string; start: number; end: number }) {
  const from = Math.max(0, start - 160);
  const to = Math.min(text.length, end + 160);
  return (
    <p className="passage">
      {from > 0 && '…'}
      {text.slice(from, start)}
      <mark>{text.slice(start, end)}</mark>
      {text.slice(end, to)}
      {to < text.length && '…'}
    </p>
  );
}

/** "Ask the record": ranked retrieval over the patient's entries, each hit with its passage and why. */
export function AskRecord({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  // The question lives in the URL (?q=), so the box on the other tabs can hand it over and Back works.
  const asked = new URLSearchParams(useSearch()).get('q') ?? '';
  const [, navigate] = useLocation();
  const [question, setQuestion] = useState(asked);
  const ask = useMutation({
    mutationFn: (q: string) =>
      api<RetrievalResult>(`/patients/${patientId}/retrieval`, {
        method: 'POST',
        body: { question: q, limit: 10 },
      }),
  });
  const { mutate } = ask;
  useEffect(() => {
    setQuestion(asked);
    if (asked.trim()) mutate(asked.trim());
  }, [asked, mutate]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim()) navigate(`/patients/${patientId}/ask?q=${encodeURIComponent(question.trim())}`);
  };
  return (
    <section className="ask" aria-labelledby="ask-heading">
      <form className="card ask-form" role="search" onSubmit={submit}>
        <label id="ask-heading" htmlFor="ask-question">
          {t('workspace.ask.label')}
        </label>
        <div className="search-row">
          <input
            id="ask-question"
            type="search"
            value={question}
            maxLength={1000}
            placeholder={t('workspace.ask.placeholder')}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <button type="submit" className="primary" disabled={ask.isPending || !question.trim()}>
            {t('workspace.ask.submit')}
          </button>
        </div>
      </form>
      {ask.isPending && <Loading label={t('workspace.ask.searching')} />}
      {ask.isError && <ErrorMessage error={ask.error} />}
      {ask.data && (
        <>
          {ask.data.unembedded > 0 && (
            <p className="muted">{t('workspace.ask.unembedded', { count: ask.data.unembedded })}</p>
          )}
          {ask.data.results.length === 0 ? (
            <p className="card muted">{t('workspace.ask.none')}</p>
          ) : (
            <ol className="ask-results" aria-label={t('workspace.ask.results')}>
              {ask.data.results.map((hit, index) => (
                <li key={hit.entryId} className="card">
                  <h3>
                    {t('workspace.ask.rank', { rank: index + 1 })} · {kindLabel(hit.kind, t)} ·{' '}
                    {format.dateTime(hit.occurredAt)}{' '}
                    <span className="muted">
                      {t('workspace.ask.score', {
                        value: format.number(Math.round(hit.score * 1000) / 1000),
                      })}
                    </span>
                  </h3>
                  <Passage text={hit.text} start={hit.passage.start} end={hit.passage.end} />
                  {hit.why && (
                    <>
                      <h4>{t('workspace.ask.why')}</h4>
                      <WhyList why={hit.why} />
                    </>
                  )}
                  <Link
                    href={`/patients/${patientId}/entries/${hit.entryId}`}
                    aria-label={t('workspace.ask.openRank', { rank: index + 1 })}
                  >
                    {t('workspace.ask.open')}
                  </Link>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

/** The small "Ask the record" box on the patient page's other tabs: it opens the Ask tab with the question. */
export function AskBox({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [question, setQuestion] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim()) navigate(`/patients/${patientId}/ask?q=${encodeURIComponent(question.trim())}`);
  };
  return (
    <form className="ask-box" role="search" onSubmit={submit}>
      <input
        type="search"
        value={question}
        maxLength={1000}
        aria-label={t('workspace.ask.label')}
        placeholder={t('workspace.ask.placeholder')}
        onChange={(e) => setQuestion(e.target.value)}
      />
      <button type="submit" disabled={!question.trim()}>
        {t('workspace.ask.submit')}
      </button>
    </form>
  );
}
