import type { EntryView } from './entry-view.js';

/** Serialised views, by view: only frozen views (held by `DecryptedEntries`, shared by every read). */
const serialised = new WeakMap<EntryView, string>();

/**
 * A view as JSON — what `JSON.stringify` gives (the same bytes; a test holds them equal) — kept
 * with a held view, so a page read again is written by joining strings: serialising a page of 50
 * was a quarter of the timeline's CPU. A view that is not frozen could still change: not kept.
 */
export function entryJson(view: EntryView): string {
  const known = serialised.get(view);
  if (known !== undefined) return known;
  const json = JSON.stringify(view);
  if (Object.isFrozen(view)) serialised.set(view, json);
  return json;
}

/** `{ items, nextCursor }` (the timeline page) as JSON, the items through `entryJson`. */
export function entryPageJson(page: { items: readonly EntryView[]; nextCursor: string | null }): string {
  return `{"items":[${page.items.map(entryJson).join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}
