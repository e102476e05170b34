import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { hl7Instant, value } from './hl7-values.js';

/** PV1-2 patient class (table 0004) → the encounter's type. */
export const ENCOUNTER_CLASS: Record<string, string> = {
  I: 'inpatient',
  O: 'outpatient',
  E: 'emergency',
  P: 'preadmit',
  R: 'recurring',
  B: 'obstetrics',
};

/** One ADT event in an imported encounter's history (stored in the encounter body, entry-kinds.ts). */
export interface EncounterEvent {
  event: string;
  at: string;
  seq: number;
  type?: string;
  location?: string;
  endedAt?: string;
  cancelledBy?: string;
}

/** ADT events that change an encounter, and what each does when folded (see foldEncounter). */
export const ENCOUNTER_EVENTS = new Set([
  'A01', // admit: in progress
  'A02', // transfer: new location (the previous one stays in the history)
  'A03', // discharge: finished, ended at PV1-45
  'A04', // register (outpatient): in progress
  'A05', // pre-admit: planned
  'A06', // outpatient → inpatient: class change
  'A07', // inpatient → outpatient: class change
  'A08', // update: class and location as sent
  'A14', // pending admit: planned
  'A15', // pending transfer: pending location
  'A16', // pending discharge
  'A21', // leave of absence: out
  'A22', // leave of absence: back
  'A23', // delete visit: retracted (history kept)
  'A11', // cancel admit / visit notification (A01, A04)
  'A12', // cancel transfer (A02)
  'A13', // cancel discharge (A03)
  'A25', // cancel pending discharge (A16)
  'A26', // cancel pending transfer (A15)
  'A27', // cancel pending admit (A14)
  'A38', // cancel pre-admit (A05)
  'A52', // cancel leave of absence (A21)
  'A53', // cancel patient returned from leave (A22)
]);

const ADMISSIONS = new Set(['A01', 'A04', 'A05', 'A14']);

/** A cancellation undoes the newest live earlier event of these types (v2.5.1 ch. 3). */
export const CANCELS: Record<string, string[]> = {
  A11: ['A01', 'A04'],
  A12: ['A02'],
  A13: ['A03'],
  A25: ['A16'],
  A26: ['A15'],
  A27: ['A14'],
  A38: ['A05'],
  A52: ['A21'],
  A53: ['A22'],
};

/** The history entry an ADT message adds to its encounter (PV1 as sent with this event). */
export function encounterEvent(message: Hl7Message, event: string, seq: number): EncounterEvent {
  const pv1 = message.segment('PV1');
  const sent = hl7Instant(message.header.field(7).value) ?? new Date(0);
  const evn = message.segment('EVN');
  // Admissions take PV1-44 (admit time); other events EVN-6 (occurred), else EVN-2 (recorded), else MSH-7.
  const admitted = ADMISSIONS.has(event) && pv1 ? hl7Instant(value(pv1.field(44))) : undefined;
  const at = admitted ?? hl7Instant(evn ? value(evn.field(6)) || value(evn.field(2)) : '') ?? sent;
  return withoutEmpty({
    event,
    at: at.toISOString(),
    seq,
    type: pv1 ? ENCOUNTER_CLASS[value(pv1.field(2)).toUpperCase()] : undefined,
    location: pv1 ? location(pv1) : undefined,
    endedAt: pv1 ? hl7Instant(value(pv1.field(45)))?.toISOString() : undefined,
  });
}

/** PV1-3 (point of care, room, bed, facility) as one line. */
export function location(pv1: Hl7Segment): string | undefined {
  const parts = [1, 2, 3, 4].map((c) => value(pv1.field(3), c)).filter(Boolean);
  return parts.length ? parts.join(' ').slice(0, 200) : undefined;
}

/** The encounter's history with one more event, ordered by arrival (concurrent batches may map out of order). */
export function withEvent(history: EncounterEvent[], added: EncounterEvent): EncounterEvent[] {
  if (history.some((e) => e.seq === added.seq && e.event === added.event)) return history;
  return [...history, added].sort((a, b) => a.seq - b.seq);
}

/**
 * The encounter as its events say, in arrival order: each cancellation undoes the newest live
 * earlier event it cancels (marked `cancelledBy`, never removed), and the state is what the live
 * events leave. Pure, so a late-arriving event (mapped after a later one) lands in its place.
 */
export function foldEncounter(events: EncounterEvent[], fallbackType = 'visit'): Record<string, unknown> {
  const history = events.map(({ cancelledBy: _none, ...e }) => ({ ...e }) as EncounterEvent);
  history.forEach((event, i) => {
    const cancelled = CANCELS[event.event];
    if (!cancelled) return;
    for (let j = i - 1; j >= 0; j--) {
      const earlier = history[j]!;
      if (!earlier.cancelledBy && cancelled.includes(earlier.event)) {
        earlier.cancelledBy = event.event;
        return;
      }
    }
  });
  let state: {
    type?: string;
    location?: string;
    status?: string;
    startedAt?: string;
    endedAt?: string;
    pendingLocation?: string;
    pendingDischarge?: boolean;
  } = {};
  for (const event of history) {
    if (event.cancelledBy || CANCELS[event.event]) continue;
    const placed = { type: event.type ?? state.type, location: event.location ?? state.location };
    switch (event.event) {
      case 'A01':
      case 'A04':
        state = { ...state, ...placed, status: 'in-progress', startedAt: state.startedAt ?? event.at };
        break;
      case 'A05':
      case 'A14':
        state = { ...state, ...placed, status: state.status ?? 'planned' };
        break;
      case 'A02':
        state = { ...state, location: event.location ?? state.location, pendingLocation: undefined };
        break;
      case 'A03':
        state = {
          ...state,
          status: 'finished',
          endedAt: event.endedAt ?? event.at,
          pendingDischarge: undefined,
        };
        break;
      case 'A06':
      case 'A07':
      case 'A08':
        state = { ...state, ...placed };
        break;
      case 'A15':
        state = { ...state, pendingLocation: event.location };
        break;
      case 'A16':
        state = { ...state, pendingDischarge: true };
        break;
      case 'A21':
        state = { ...state, status: 'on-leave' };
        break;
      case 'A22':
        state = { ...state, status: 'in-progress' };
        break;
      case 'A23':
        state = { ...state, status: 'entered-in-error' };
        break;
    }
  }
  const live = history.some((e) => !e.cancelledBy && !CANCELS[e.event]);
  if (!live) state = { ...state, status: 'cancelled' };
  if (state.status !== 'finished') state.endedAt = undefined;
  return withoutEmpty({
    type: state.type ?? fallbackType,
    location: state.location,
    status: state.status ?? 'in-progress',
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    pendingLocation: state.pendingLocation,
    pendingDischarge: state.pendingDischarge,
    history,
  });
}

function withoutEmpty<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== '')) as T;
}
