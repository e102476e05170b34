const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id in this API is a UUID; anything else is answered like a missing row, before any query. */
export const isUuid = (value: string) => UUID.test(value);
