import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'wouter';
import { ErrorMessage } from '../ui/Status';
import { useCreateReport } from './api';

export default function NewReportPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const examples = [t('newReport.example1'), t('newReport.example2'), t('newReport.example3')];
  const [, navigate] = useLocation();
  const [question, setQuestion] = useState('');
  const create = useCreateReport(id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim().length < 3) return;
    create.mutate(question.trim(), { onSuccess: (report) => navigate(`/reports/${report.id}`) });
  };
  return (
    <section className="page">
      <p>
        <Link href={`/patients/${id}`}>{t('common.backToRecord')}</Link>
      </p>
      <h1>{t('newReport.title')}</h1>
      <form className="card" onSubmit={submit}>
        <label htmlFor="question">{t('newReport.question')}</label>
        <textarea
          id="question"
          value={question}
          maxLength={500}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder={examples[0]}
          aria-describedby="question-hint"
        />
        <p id="question-hint" className="muted">
          {t('newReport.hint', { examples: examples.join(' · ') })}
        </p>
        {create.isError && <ErrorMessage error={create.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending || question.trim().length < 3}>
            {create.isPending ? t('newReport.drafting') : t('newReport.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
