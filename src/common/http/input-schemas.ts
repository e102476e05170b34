import { z } from 'zod';

/** An instant in a body: ISO 8601 with a time and a zone (`Z` or an offset), so it means one moment. */
export const instant = () => z.iso.datetime({ offset: true });

/**
 * An instant in a query filter: a date-time (with or without a zone) or a date, as a person types
 * it; read as an instant by the service.
 */
export const filterInstant = () => z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]);

/** A whole number from the query string (which carries text). */
export const queryInteger = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
