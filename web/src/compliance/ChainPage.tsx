import { ErrorMessage, Loading } from '../ui/Status';
import { formatDateTime } from '../ui/dates';
import { useCheckpoints, useVerify } from './api';

/** Is the log intact? The verifier walks every event's hash and every signed checkpoint. */
export function ChainPage() {
  const checkpoints = useCheckpoints();
  const verify = useVerify();
  const last = checkpoints.data?.checkpoints[0];
  const report = verify.data;
  return (
    <section className="page">
      <h1>Chain integrity</h1>
      <section className="card" aria-labelledby="checkpoint-title">
        <h2 id="checkpoint-title">Last signed checkpoint</h2>
        {checkpoints.isPending ? (
          <Loading />
        ) : checkpoints.isError ? (
          <ErrorMessage error={checkpoints.error} />
        ) : last ? (
          <p>
            Sequence <strong className="mono">{last.seq}</strong> signed at {formatDateTime(last.recordedAt)}{' '}
            (key <span className="mono">{last.keyId}</span>).
          </p>
        ) : (
          <p>No checkpoint signed yet.</p>
        )}
      </section>
      <section className="card" aria-labelledby="verify-title">
        <h2 id="verify-title">Verification</h2>
        <div aria-live="polite">
          {report ? (
            report.intact ? (
              <p className="notice" role="status">
                <span className="badge ok">Intact</span> Verified{' '}
                {report.fromSeq && report.fromSeq !== '1' ? `from sequence ${report.fromSeq} ` : ''}through
                sequence <strong>{report.lastSeq}</strong> ({report.eventsChecked} events,{' '}
                {report.checkpointsChecked} checkpoints
                {report.lastCheckpointSeq ? `, last checkpoint at sequence ${report.lastCheckpointSeq}` : ''}
                ).
              </p>
            ) : (
              <p className="error" role="alert">
                <strong>Chain broken</strong> at sequence <strong>{report.firstBad?.seq}</strong>:{' '}
                {report.firstBad?.problem} — {report.firstBad?.detail}
              </p>
            )
          ) : (
            <p className="muted">Not verified in this session yet.</p>
          )}
          {verify.isError && <ErrorMessage error={verify.error} />}
        </div>
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => verify.mutate('full')}
            disabled={verify.isPending}
          >
            {verify.isPending ? 'Verifying…' : 'Verify now'}
          </button>
          <button
            type="button"
            onClick={() => verify.mutate('incremental')}
            disabled={verify.isPending || !last}
          >
            Verify since last checkpoint
          </button>
        </div>
      </section>
    </section>
  );
}
