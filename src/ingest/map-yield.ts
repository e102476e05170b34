/**
 * Receipts first, with a bounded lag (INGEST_MAP_MAX_LAG_MS): a fetched mapping batch waits only
 * while senders are waiting on this process's receipts and its oldest message is younger than the
 * bound. Under a burst the receipt keeps the cores; under sustained load mapping runs at most that
 * far behind (measured: at 600 msg/s over 25 s the backlog levelled off at ~10 s of messages).
 */
export function mapShouldWait(state: {
  receiptsSaturated: boolean;
  lagMs: number;
  maxLagMs: number;
}): boolean {
  return state.receiptsSaturated && state.lagMs < state.maxLagMs;
}
