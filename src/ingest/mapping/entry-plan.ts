import type { CurrentEntry, KeyedEntryChange } from '../../records/imported-entries.js';
import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { documentChanges, documentNumber } from './document-events.js';
import {
  ENCOUNTER_CLASS,
  ENCOUNTER_EVENTS,
  encounterEvent,
  foldEncounter,
  location,
  withEvent,
  type EncounterEvent,
} from './encounter-events.js';
import { entriesFromMessage, observation } from './entry-mapping.js';
import { coded, hl7Instant, value } from './hl7-values.js';
import { medicationChanges } from './medication-orders.js';

/**
 * A business identifier that names one entry across messages: a visit (PV1-19), a document
 * (TXA-12), a result (filler/placer order number + OBX-3 + OBX-4) or a medication order (ORC-2/3,
 * medication-orders.ts). Stored only as a blind index in `entries.source_ref` (identifiers are
 * PHI); the mapper turns it into the per-patient key.
 */
export interface BusinessKey {
  purpose: 'visit' | 'document' | 'result' | 'medication';
  value: string;
}

/** A change to one entry, named by a plain per-message reference or by a business key. */
export type PlannedChange = Omit<KeyedEntryChange, 'sourceRef'> & { ref?: string; key?: BusinessKey };

/** OBX-11 (table 0085) D deleted / W wrong patient or post-original as wrong: the result is withdrawn. */
const RETRACTING = new Set(['D', 'W']);
const RETRACTED = 'entered-in-error';

/**
 * Every change a mapped message makes to the patient's entries, in segment order. Plain segments
 * (DG1, AL1, NTE, RXA…) add entries once per message (`<message id>/<segment>/<n>`, so a replay adds
 * nothing). Keyed changes revise one entry across messages: the encounter of a visit (ADT events,
 * encounter-events.ts), a result (ORU corrections and deletions), a document (MDM, document-events.ts),
 * a medication order (RDE: discontinued → stopped, medication-orders.ts).
 */
export function planChanges(message: Hl7Message, messageId: string, arrival: bigint): PlannedChange[] {
  const [code = '', event = ''] = message.messageType.split('^');
  const txaNumber = code === 'MDM' ? documentNumber(message.segment('TXA')?.field(12) ?? EMPTY) : '';
  const keyedSegments = new Set(['PV1']);
  const keyed: PlannedChange[] = [];
  if (code === 'ADT') {
    if (ENCOUNTER_EVENTS.has(event)) keyed.push(encounterChange(message, event, arrival));
  } else {
    keyed.push(...visitPresence(message, messageId));
  }
  if (code === 'ORU') {
    keyedSegments.add('OBX');
    keyed.push(...resultChanges(message, messageId, arrival));
  }
  if (code === 'RDE') {
    keyedSegments.add('RXE').add('RXO');
    keyed.push(...medicationChanges(message, arrival));
  }
  if (txaNumber) {
    keyedSegments.add('OBX');
    keyed.push(...documentChanges(message, event, arrival));
  }
  const plain = entriesFromMessage(message, messageId)
    .filter((entry) => !keyedSegments.has(entry.sourceRef!.split('/')[1]!))
    .map((entry): PlannedChange => ({
      ref: entry.sourceRef!,
      kind: entry.kind,
      occurredAt: entry.occurredAt,
      next: (current) => (current ? undefined : { body: entry.body as Record<string, unknown> }),
    }));
  return [...plain, ...keyed];
}

const EMPTY = { component: () => '' };

/** PV1-19 visit number (CX: id ^ … ^ assigning authority), or '' when not sent. */
function visitNumber(message: Hl7Message): string {
  const pv1 = message.segment('PV1');
  const id = pv1 ? value(pv1.field(19)) : '';
  return id ? `${id}^${pv1!.field(19).component(4).trim()}` : '';
}

/**
 * An ADT event → the next version of its visit's encounter: the event joins the history (ordered
 * by arrival) and the state is folded from it. Without a visit number, the patient's one
 * unnumbered visit is meant (README: what that means for a second unnumbered admission).
 */
function encounterChange(message: Hl7Message, event: string, arrival: bigint): PlannedChange {
  const seq = Number(arrival) || Date.now() * 1000;
  const added = encounterEvent(message, event, seq);
  return {
    key: { purpose: 'visit', value: visitNumber(message) || '-' },
    kind: 'encounter',
    occurredAt: new Date(added.at),
    next: (current) => {
      const history = historyOf(current);
      const events = withEvent(history, added);
      if (events === history) return undefined; // this message was applied already
      const body = foldEncounter(events, (current?.body.type as string | undefined) ?? added.type);
      // An event that changes nothing (an A08 or A01 resent as it was) adds no version.
      if (current && sameState(body, current.body)) return undefined;
      const startedAt = (body.startedAt as string | undefined) ?? events[0]!.at;
      return { body, occurredAt: new Date(startedAt) };
    },
  };
}

/** Two encounter bodies say the same, history aside (cancellations change the state, so they count). */
function sameState(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const { history: _a, ...left } = a;
  const { history: _b, ...right } = b;
  return JSON.stringify(left, Object.keys(left).sort()) === JSON.stringify(right, Object.keys(right).sort());
}

/** The history of an encounter; one created without it (by a non-ADT PV1) starts as an update. */
function historyOf(current: CurrentEntry | undefined): EncounterEvent[] {
  if (!current) return [];
  const history = current.body.history as EncounterEvent[] | undefined;
  if (history) return history;
  const { type, location: where } = current.body as { type?: string; location?: string };
  return [{ event: 'A08', at: current.occurredAt.toISOString(), seq: 0, type, location: where }];
}

/**
 * A PV1 in an ORU/MDM/… names the visit: with a visit number, its encounter is created when not
 * known yet (ADT events then revise it); without one, an encounter per message as before.
 */
function visitPresence(message: Hl7Message, messageId: string): PlannedChange[] {
  const pv1 = message.segment('PV1');
  if (!pv1) return [];
  const sent = hl7Instant(message.header.field(7).value) ?? new Date();
  const body = withoutEmpty({
    type: ENCOUNTER_CLASS[value(pv1.field(2)).toUpperCase()] ?? 'visit',
    location: location(pv1),
    endedAt: hl7Instant(value(pv1.field(45)))?.toISOString(),
  });
  const occurredAt = hl7Instant(value(pv1.field(44))) ?? sent;
  const number = visitNumber(message);
  return [
    {
      ...(number ? { key: { purpose: 'visit', value: number } } : { ref: `${messageId}/PV1/1` }),
      kind: 'encounter',
      occurredAt,
      next: (current) => (current ? undefined : { body }),
    },
  ];
}

/**
 * ORU OBX → observations (notes, documents) keyed by order number (OBR-3 filler, else OBR-2
 * placer) + OBX-3 + OBX-4, so that a correction (OBX-11 C) is a new version of the same entry and
 * a deletion (D/W, or OBR-25 X cancelled) a retracted version. OBR-25 is kept as the report status.
 * Without an order number, one entry per OBX and message (corrections cannot be matched).
 */
function resultChanges(message: Hl7Message, messageId: string, arrival: bigint): PlannedChange[] {
  const sent = hl7Instant(message.header.field(7).value) ?? new Date();
  const changes: PlannedChange[] = [];
  let order = { number: '', reportStatus: '', observedAt: sent };
  let n = 0;
  const seen = new Map<string, number>();
  for (const segment of message.segments as Hl7Segment[]) {
    if (segment.name === 'OBR') {
      const filler = segment.field(3).component(1).trim() ? segment.field(3) : segment.field(2);
      const number = filler.component(1).trim();
      order = {
        number: number ? `${number}^${filler.component(2).trim()}` : '',
        reportStatus: value(segment.field(25)).toUpperCase(),
        observedAt: hl7Instant(value(segment.field(7))) ?? sent,
      };
      continue;
    }
    if (segment.name !== 'OBX') continue;
    n += 1;
    const status = value(segment.field(11)).toUpperCase();
    const retract = RETRACTING.has(status) || order.reportStatus === 'X';
    const reportStatus = /^[OISAPCRFXYZ]$/.test(order.reportStatus) ? order.reportStatus : undefined;
    observation(segment, order.observedAt, message, (kind, occurredAt, body) => {
      if (kind === 'observation' && reportStatus) body = { ...body, reportStatus };
      const code = coded(segment.field(3)).code;
      if (!order.number || !code) {
        if (!retract)
          changes.push({
            ref: `${messageId}/OBX/${n}`,
            kind,
            occurredAt,
            next: (c) => (c ? undefined : { body }),
          });
        return;
      }
      // Results of one order with the same code and no sub-id (text lines) count up in message order.
      const result = `${order.number}|${code}|${value(segment.field(4))}`;
      const occurrence = (seen.get(result) ?? 0) + 1;
      seen.set(result, occurrence);
      changes.push({
        key: { purpose: 'result', value: occurrence > 1 ? `${result}|${occurrence}` : result },
        kind,
        occurredAt,
        next: (current) => {
          if (current && current.arrival >= arrival) return undefined; // applied, or a newer one is
          // A deletion mapped before the result it deletes (another loop) is kept as a retracted
          // version, so that the older result, mapped later, is not applied over it as live.
          if (retract)
            return current
              ? { body: { ...current.body, status: RETRACTED } }
              : { body: { ...body, status: RETRACTED }, occurredAt };
          return { body, occurredAt };
        },
      });
    });
  }
  return changes;
}

function withoutEmpty(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}
