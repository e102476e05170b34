/**
 * Polls `read` until it returns `expected`; returns the milliseconds it took, and fails after
 * `withinMs` with the last value. For changes that reach a node's caches by their cluster
 * notification (milliseconds after commit), e.g. access ended by SQL rather than through the app.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, withinMs = 2_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value === expected) return Date.now() - started;
    if (Date.now() - started > withinMs)
      throw new Error(`still ${String(value)} after ${withinMs} ms, expected ${String(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
