import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('common.loading')}…
    </p>
  );
}

/**
 * A failed query, said plainly; the correlation id lets support find the server log line. A 4xx
 * answer's own message comes from the server (English).
 */
export function ErrorMessage({ error, notFound }: { error: unknown; notFound?: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404 && notFound)
    return (
      <p className="error" role="alert">
        {notFound}
      </p>
    );
  const text =
    error instanceof ApiError
      ? error.status === 403
        ? t('errors.forbidden')
        : error.status >= 500
          ? t('errors.server')
          : error.message
      : t('errors.unreachable');
  const id = error instanceof ApiError ? error.body.correlationId : undefined;
  return (
    <p className="error" role="alert">
      {text}
      {id && <span className="muted"> {t('errors.reference', { id })}</span>}
    </p>
  );
}
