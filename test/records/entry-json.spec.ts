import fc from 'fast-check';
import { entryJson, entryPageJson } from '../../src/records/entry-json.js';
import type { EntryView } from '../../src/records/entry-view.js';

const arbitraryView = fc.record({
  id: fc.uuid(),
  patientId: fc.uuid(),
  kind: fc.constantFrom('note', 'observation', 'medication'),
  occurredAt: fc.date({ noInvalidDate: true }),
  version: fc.integer({ min: 1, max: 50 }),
  // Any JSON a body may hold, text in any script (Chinese, accents, quotes, control characters).
  body: fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue()),
  text: fc.string({ unit: 'grapheme' }),
  provenance: fc.record({
    recordedById: fc.option(fc.uuid()),
    sourceMessageId: fc.option(fc.string()),
    recordedAt: fc.date({ noInvalidDate: true }),
  }),
}) as unknown as fc.Arbitrary<EntryView>;

describe('entry JSON', () => {
  it('writes a page byte for byte as JSON.stringify does, frozen (kept) views or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbitraryView, fc.boolean()), { maxLength: 8 }),
        fc.option(fc.string()),
        (views, nextCursor) => {
          const items = views.map(([view, frozen]) => (frozen ? Object.freeze(view) : view));
          const page = { items, nextCursor };
          expect(entryPageJson(page)).toBe(JSON.stringify(page));
          expect(entryPageJson(page)).toBe(JSON.stringify(page)); // the second time from what was kept
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not keep what a view that can still change serialised to', () => {
    const view = { id: 'e1', text: 'before' } as unknown as EntryView;
    expect(entryJson(view)).toContain('before');
    (view as { text: string }).text = 'after';
    expect(entryJson(view)).toContain('after');
  });
});
