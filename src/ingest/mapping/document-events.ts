import type { CurrentEntry } from '../../records/imported-entries.js';
import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { observation } from './entry-mapping.js';
import { coded, hl7Instant, value } from './hl7-values.js';
import type { PlannedChange } from './entry-plan.js';

/** TXA-17 document completion status (table 0271) → the document's status. */
const COMPLETION: Record<string, string> = {
  DI: 'dictated',
  DO: 'documented',
  IP: 'in-progress',
  IN: 'in-progress',
  PA: 'documented',
  AU: 'authenticated',
  LA: 'legally-authenticated',
};
/** TXA-19 document availability status (table 0273). */
const AVAILABILITY: Record<string, string> = {
  AV: 'available',
  UN: 'unavailable',
  OB: 'obsolete',
  CA: 'cancelled',
};
/** T05/T06 append to the parent document (TXA-13); T09/T10 replace it. */
const RELATION: Record<string, 'appends' | 'replaces'> = {
  T05: 'appends',
  T06: 'appends',
  T09: 'replaces',
  T10: 'replaces',
};
const RETRACTED = 'entered-in-error';

/** TXA-12 / TXA-13 (EI: entity id ^ namespace id) as one comparable key, or '' when absent. */
export function documentNumber(field: { component(c: number): string }): string {
  const id = field.component(1).trim();
  return id ? `${id}^${field.component(2).trim()}` : '';
}

/**
 * MDM T01–T11 with a unique document number (TXA-12) → changes to ONE `document` entry keyed by
 * it: original (T01/T02), status change (T03/T04: TXA-17/TXA-19), addendum (T05/T06: a new
 * document linked to its parent, TXA-13, as `appends`), edit (T07/T08: a new version), replacement
 * (T09/T10: a new document that `replaces` its parent; the parent becomes obsolete), cancel (T11:
 * a retracted version). Events without content change an existing document's status only. An
 * older message mapped after a newer one (concurrent batches) does not overwrite it.
 */
export function documentChanges(message: Hl7Message, event: string, arrival: bigint): PlannedChange[] {
  const txa = message.segment('TXA')!;
  const number = documentNumber(txa.field(12));
  const parent = documentNumber(txa.field(13));
  const sent = hl7Instant(message.header.field(7).value) ?? new Date();
  const at = hl7Instant(value(txa.field(4))) ?? hl7Instant(value(txa.field(6))) ?? sent;
  const title = coded(txa.field(2)).display || coded(txa.field(2)).code || 'Document';
  const text = documentText(message, at);
  const meta = withoutEmpty({
    status: COMPLETION[value(txa.field(17)).toUpperCase()],
    availability: AVAILABILITY[value(txa.field(19)).toUpperCase()],
  });
  const stale = (current: CurrentEntry | undefined) => !!current && current.arrival >= arrival;
  const relation = RELATION[event];
  const changes: PlannedChange[] = [];
  if (relation && parent && parent !== number) {
    let parentId: string | undefined;
    changes.push({
      key: { purpose: 'document', value: parent },
      kind: 'document',
      occurredAt: at,
      next: (current) => {
        parentId = current?.entryId;
        if (!current || relation !== 'replaces' || stale(current)) return undefined;
        return { body: { ...current.body, availability: 'obsolete' } };
      },
    });
    changes.push({
      key: { purpose: 'document', value: number },
      kind: 'document',
      occurredAt: at,
      next: (current) => {
        if (stale(current)) return undefined;
        const body = text ? { title, text, ...meta } : current?.body;
        if (!body) return undefined;
        return { body: { ...body, ...(parentId ? { relatesTo: { entryId: parentId, relation } } : {}) } };
      },
    });
    return changes;
  }
  changes.push({
    key: { purpose: 'document', value: number },
    kind: 'document',
    occurredAt: at,
    next: (current) => {
      if (stale(current)) return undefined;
      if (event === 'T11')
        return { body: { ...(current?.body ?? cancelledUnseen(title, text)), status: RETRACTED } };
      if (text) return { body: { ...(current?.body ?? {}), title, text, ...meta }, occurredAt: at };
      if (!current || Object.keys(meta).length === 0) return undefined; // a notification of what we never received
      return { body: { ...current.body, ...meta } };
    },
  });
  return changes;
}

/**
 * A T11 mapped before the document it cancels (another mapping loop; or never received): kept as
 * a retracted document, so that the original, mapped later, is not applied over it as live.
 */
function cancelledUnseen(title: string, text: string): Record<string, unknown> {
  return {
    title,
    text: text || 'Cancelled (MDM T11) before its content was mapped.',
    availability: 'cancelled',
  };
}

/** The document's text: every OBX of the message read as text, in order. */
function documentText(message: Hl7Message, at: Date): string {
  const parts: string[] = [];
  for (const obx of message.segmentsNamed('OBX') as Hl7Segment[]) {
    observation(obx, at, message, (_kind, _at, body) => {
      const text =
        typeof body.text === 'string' ? body.text : typeof body.value === 'string' ? body.value : '';
      if (text) parts.push(text);
    });
  }
  return parts.join('\n\n').slice(0, 1_000_000);
}

function withoutEmpty(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}
