import { Trans, useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { useCheckpoints, useVerify } from './api';

/** Is the log intact? The verifier walks every event's hash and every signed checkpoint. */
export function ChainPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const checkpoints = useCheckpoints();
  const verify = useVerify();
  const last = checkpoints.data?.checkpoints[0];
  const report = verify.data;
  return (
    <section className="page">
      <h1>{t('chain.title')}</h1>
      <section className="card" aria-labelledby="checkpoint-title">
        <h2 id="checkpoint-title">{t('chain.lastCheckpoint')}</h2>
        {checkpoints.isPending ? (
          <Loading />
        ) : checkpoints.isError ? (
          <ErrorMessage error={checkpoints.error} />
        ) : last ? (
          <p>
            <Trans
              i18nKey="chain.checkpoint"
              values={{ seq: last.seq, when: format.dateTime(last.recordedAt), key: last.keyId }}
              components={{ seq: <strong className="mono" />, key: <span className="mono" /> }}
            />
          </p>
        ) : (
          <p>{t('chain.noCheckpoint')}</p>
        )}
      </section>
      <section className="card" aria-labelledby="verify-title">
        <h2 id="verify-title">{t('chain.verification')}</h2>
        <div aria-live="polite">
          {report ? (
            report.intact ? (
              <p className="notice" role="status">
                <span className="badge ok">{t('chain.intact')}</span>{' '}
                <Trans
                  i18nKey="chain.verified"
                  values={{
                    from:
                      report.fromSeq && report.fromSeq !== '1'
                        ? t('chain.fromSeq', { seq: report.fromSeq })
                        : '',
                    last: report.lastSeq,
                    events: format.number(report.eventsChecked),
                    checkpoints: format.number(report.checkpointsChecked),
                    lastCheckpoint: report.lastCheckpointSeq
                      ? t('chain.lastCheckpointAt', { seq: report.lastCheckpointSeq })
                      : '',
                  }}
                  components={{ last: <strong /> }}
                />
              </p>
            ) : (
              <p className="error" role="alert">
                <Trans
                  i18nKey="chain.broken"
                  values={{
                    seq: report.firstBad?.seq ?? '',
                    problem: report.firstBad?.problem ?? '',
                    detail: report.firstBad?.detail ?? '',
                  }}
                  components={{ b: <strong /> }}
                />
              </p>
            )
          ) : (
            <p className="muted">{t('chain.notVerified')}</p>
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
            {verify.isPending ? t('common.verifying') : t('chain.verifyNow')}
          </button>
          <button
            type="button"
            onClick={() => verify.mutate('incremental')}
            disabled={verify.isPending || !last}
          >
            {t('chain.verifySince')}
          </button>
        </div>
      </section>
    </section>
  );
}
