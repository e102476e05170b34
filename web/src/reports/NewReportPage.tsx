import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { ErrorMessage } from '../ui/Status';
import { useCreateReport } from './api';

const EXAMPLES = [
  'Why is the creatinine rising?',
  'Work-up of new chest pain',
  'Summarise current medications',
];

export default function NewReportPage() {
  const { id } = useParams<{ id: string }>();
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
        <Link href={`/patients/${id}`}>← Back to the record</Link>
      </p>
      <h1>Draft a report</h1>
      <form className="card" onSubmit={submit}>
        <label htmlFor="question">Clinical question</label>
        <textarea
          id="question"
          value={question}
          maxLength={500}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder={EXAMPLES[0]}
          aria-describedby="question-hint"
        />
        <p id="question-hint" className="muted">
          The draft uses only this patient&apos;s record; every sentence cites the entries it rests on, and
          sentences the record does not support are marked. Examples: {EXAMPLES.join(' · ')}
        </p>
        {create.isError && <ErrorMessage error={create.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending || question.trim().length < 3}>
            {create.isPending ? 'Drafting…' : 'Draft report'}
          </button>
        </div>
      </form>
    </section>
  );
}
