import { mapShouldWait } from './map-yield.js';

describe('mapShouldWait (receipts first, bounded lag)', () => {
  it('waits only while receipts are saturated and the batch is younger than the bound', () => {
    expect(mapShouldWait({ receiptsSaturated: true, lagMs: 2_000, maxLagMs: 10_000 })).toBe(true);
    expect(mapShouldWait({ receiptsSaturated: false, lagMs: 2_000, maxLagMs: 10_000 })).toBe(false);
    expect(mapShouldWait({ receiptsSaturated: true, lagMs: 10_000, maxLagMs: 10_000 })).toBe(false);
  });

  it('never waits with a bound of 0 (map at once, whatever the receipt load)', () => {
    expect(mapShouldWait({ receiptsSaturated: true, lagMs: 0, maxLagMs: 0 })).toBe(false);
  });
});
