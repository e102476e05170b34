import { useState, type FormEvent } from 'react';
import { Dialog } from '../ui/Dialog';
import { ErrorMessage } from '../ui/Status';
import { useBreakGlass } from './api';

export const MIN_REASON_LENGTH = 10;

/** Emergency access: a stated reason, time-boxed, recorded as an emergency override and reviewed. */
export function BreakGlassDialog({
  patientId,
  open,
  onClose,
}: {
  patientId: string;
  open: boolean;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const breakGlass = useBreakGlass(patientId);
  const tooShort = reason.trim().length < MIN_REASON_LENGTH;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (tooShort) return;
    await breakGlass.mutateAsync(reason.trim()).then(onClose, () => undefined);
  }

  return (
    <Dialog open={open} title="Break the glass" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          You are not in this patient&apos;s care team. Emergency access is granted for a limited time,
          recorded with your reason, and reviewed by compliance.
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
