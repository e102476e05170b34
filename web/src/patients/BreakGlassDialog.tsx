import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { ErrorMessage } from '../ui/Status';
import { useBreakGlass, useBreakGlassByMrn } from './api';

export const MIN_REASON_LENGTH = 10;

/**
 * Emergency access: a stated reason, time-boxed, recorded as an emergency override and reviewed.
 * For an open patient page give `patientId`; from search, give the exact `mrn` and `onGranted`.
 */
export function BreakGlassDialog({
  patientId,
  mrn,
  open,
  onClose,
  onGranted,
}: {
  patientId?: string;
  mrn?: string;
  open: boolean;
  onClose: () => void;
  onGranted?: (patientId: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const byId = useBreakGlass(patientId ?? '');
  const byMrn = useBreakGlassByMrn();
  const breakGlass = patientId ? byId : byMrn;
  const tooShort = reason.trim().length < MIN_REASON_LENGTH;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (tooShort) return;
    const request = patientId
      ? byId.mutateAsync(reason.trim())
      : byMrn.mutateAsync({ mrn: mrn ?? '', reason: reason.trim() });
    await request.then(
      (grant) => {
        onClose();
        onGranted?.(grant.patientId);
      },
      () => undefined,
    );
  }

  return (
    <Dialog open={open} title={t('breakGlass.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          {patientId ? (
            t('breakGlass.notInCareTeam')
          ) : (
            <Trans
              i18nKey="breakGlass.byMrn"
              values={{ mrn: mrn ?? '' }}
              components={{ mrn: <span className="mono" /> }}
            />
          )}{' '}
          {t('breakGlass.policy')}
        </p>
        <label htmlFor="break-glass-reason">{t('breakGlass.reason')}</label>
        <textarea
          id="break-glass-reason"
          value={reason}
          required
          minLength={MIN_REASON_LENGTH}
          maxLength={1000}
          aria-invalid={touched && tooShort}
          aria-describedby="break-glass-hint"
          onChange={(event) => setReason(event.target.value)}
        />
        <p id="break-glass-hint" className={touched && tooShort ? 'error' : 'muted'}>
          {t('breakGlass.hint', { min: MIN_REASON_LENGTH })}
        </p>
        {breakGlass.isError && <ErrorMessage error={breakGlass.error} />}
        <div className="actions">
          <button type="submit" className="danger" disabled={breakGlass.isPending}>
            {t('breakGlass.submit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
