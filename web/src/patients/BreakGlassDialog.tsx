import { useState, type FormEvent } from 'react';
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
    <Dialog open={open} title="Break the glass" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          {patientId ? (
            <>You are not in this patient&apos;s care team.</>
          ) : (
            <>
              Emergency access to the patient with MRN <span className="mono">{mrn}</span>.
            </>
          )}{' '}
          Emergency access is granted for a limited time, recorded with your reason, and reviewed by
          compliance.
        </p>
        <label htmlFor="break-glass-reason">Reason for emergency access (required)</label>
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
          At least {MIN_REASON_LENGTH} characters, e.g. &quot;Unconscious in ED, need allergies and
          medication&quot;.
        </p>
        {breakGlass.isError && <ErrorMessage error={breakGlass.error} />}
        <div className="actions">
          <button type="submit" className="danger" disabled={breakGlass.isPending}>
            Break the glass
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
