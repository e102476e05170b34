import { ApiError } from '../api/http';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}…
    </p>
  );
}

/** A failed query, said plainly; the correlation id lets support find the server log line. */
export function ErrorMessage({ error, notFound }: { error: unknown; notFound?: string }) {
  if (error instanceof ApiError && error.status === 404 && notFound)
    return (
      <p className="error" role="alert">
        {notFound}
      </p>
    );
  const text =
    error instanceof ApiError
      ? error.status === 403
        ? 'Your role does not allow this.'
        : error.status >= 500
          ? 'Something went wrong on the server.'
          : error.message
      : 'The server could not be reached.';
  const id = error instanceof ApiError ? error.body.correlationId : undefined;
  return (
    <p className="error" role="alert">
      {text}
      {id && <span className="muted"> (reference {id})</span>}
    </p>
  );
}
