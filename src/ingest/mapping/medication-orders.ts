import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { medicationBody } from './entry-mapping.js';
import type { PlannedChange } from './entry-plan.js';
import { coded, hl7Instant, value } from './hl7-values.js';

/**
 * ORC-1 order control (table 0119) that ends a medication: discontinue / cancel requests and their
 * confirmations. The order's entry gets a version `stopped` with `endedAt`.
 */
const STOPPING = new Set(['DC', 'OD', 'DR', 'CA', 'OC', 'CR']);

/**
 * RDE O11/O25 → one `medication` entry per order, keyed by the order number (ORC-2 placer, else
 * ORC-3 filler: the placer's number is the one every message about the order carries), else by
 * the drug code (else its name), so that a later message about the same order is a new version of
 * the same entry: ORC-1 DC/CA/OD (and OC/CR/DR) → `status: stopped` with `endedAt` (RXE-1.5 end,
 * else ORC-15 effective, else ORC-9 transaction time, else MSH-7); any other control (NW, XO/RP
 * change or replace, RF refill, absent) → the order's drug and dose as sent, `active`. A version
 * from a message older than the current one's is not applied over it (order by arrival), and a
 * message that changes nothing adds no version (replays, resends).
 */
export function medicationChanges(message: Hl7Message, arrival: bigint): PlannedChange[] {
  const sent = hl7Instant(message.header.field(7).value) ?? new Date();
  const changes: PlannedChange[] = [];
  for (const { orc, give } of orderGroups(message.segments as Hl7Segment[])) {
    const body = medicationBody(give);
    if (!body) continue;
    const control = orc ? value(orc.field(1)).toUpperCase() : '';
    const stops = STOPPING.has(control);
    const endedAt =
      hl7Instant(give.name === 'RXE' ? value(give.field(1), 5) : '') ??
      hl7Instant(orc ? value(orc.field(15)) : '') ??
      hl7Instant(orc ? value(orc.field(9)) : '') ??
      sent;
    changes.push({
      key: { purpose: 'medication', value: orderKey(orc, give) },
      kind: 'medication',
      occurredAt: sent,
      next: (current) => {
        if (current && current.arrival >= arrival) return undefined; // applied, or a newer one is
        if (!stops) {
          if (current && sameBody(current.body, body)) return undefined;
          return { body };
        }
        if (current?.body.status === 'stopped') return undefined;
        const { endedAt: _ended, ...base } = current?.body ?? body;
        return { body: { ...base, status: 'stopped', endedAt: endedAt.toISOString() } };
      },
    });
  }
  return changes;
}

/**
 * The order groups of an RDE: each ORC with the RXE it gives (else its RXO). An RXE/RXO without
 * an ORC of its own (none sent, or a second one in the group) is a group without an order number.
 */
function orderGroups(segments: Hl7Segment[]): { orc?: Hl7Segment; give: Hl7Segment }[] {
  const groups: { orc?: Hl7Segment; give?: Hl7Segment }[] = [];
  for (const segment of segments) {
    const group = groups.at(-1);
    if (segment.name === 'ORC') groups.push({ orc: segment });
    else if (segment.name !== 'RXE' && segment.name !== 'RXO') continue;
    else if (!group || group.give?.name === segment.name) groups.push({ give: segment });
    else if (!group.give || segment.name === 'RXE') group.give = segment; // RXE over the RXO it encodes
  }
  return groups.filter((g): g is { orc?: Hl7Segment; give: Hl7Segment } => g.give !== undefined);
}

/** `order|<number>^<namespace>` (placer, else filler), else `drug|<system>^<code>` or its name. */
function orderKey(orc: Hl7Segment | undefined, give: Hl7Segment): string {
  const number = orc ? [2, 3].map((f) => orc.field(f)).find((f) => f.component(1).trim()) : undefined;
  if (number) return `order|${number.component(1).trim()}^${number.component(2).trim()}`;
  const drug = coded(give.field(give.name === 'RXE' ? 2 : 1));
  return drug.code ? `drug|${drug.system}^${drug.code}` : `drug-name|${drug.display}`;
}

function sameBody(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}
