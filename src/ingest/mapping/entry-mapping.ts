import type { NewEntry } from '../../records/records.service.js';
import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { attachmentDocument } from './attachments.js';
import { ENCOUNTER_CLASS } from './encounter-events.js';
import { codeSystem, coded, hl7Date, hl7Instant, value } from './hl7-values.js';

const SEVERITY: Record<string, 'mild' | 'moderate' | 'severe'> = { MI: 'mild', MO: 'moderate', SV: 'severe' };
const ABNORMAL = new Set(['N', 'L', 'H', 'LL', 'HH', 'A', 'AA']);
const RESULT_STATUS: Record<string, 'preliminary' | 'final' | 'corrected'> = {
  P: 'preliminary',
  F: 'final',
  C: 'corrected',
};
const TEXT_TYPES = new Set(['TX', 'FT']);

/**
 * The record entries of one message, each with provenance to its segment: `sourceRef` =
 * `<message id>/<segment>/<n>` (n-th segment of that name), so a replay never stores one twice.
 */
export function entriesFromMessage(message: Hl7Message, messageId: string): NewEntry[] {
  const sent = hl7Instant(message.header.field(7).value) ?? new Date();
  const counters = new Map<string, number>();
  const entries: NewEntry[] = [];
  let context = { observedAt: sent };
  for (const segment of message.segments) {
    const n = (counters.get(segment.name) ?? 0) + 1;
    counters.set(segment.name, n);
    const ref = `${messageId}/${segment.name}/${n}`;
    const add = (kind: string, occurredAt: Date, body: Record<string, unknown>) =>
      entries.push({ kind, occurredAt, body: withoutEmpty(body), sourceRef: ref });
    switch (segment.name) {
      case 'PV1': {
        const patientClass = value(segment.field(2)).toUpperCase();
        const location = [1, 2, 3, 4]
          .map((c) => value(segment.field(3), c))
          .filter(Boolean)
          .join(' ');
        add('encounter', hl7Instant(value(segment.field(44))) ?? sent, {
          type: ENCOUNTER_CLASS[patientClass] ?? 'visit',
          location: location || undefined,
          endedAt: hl7Instant(value(segment.field(45)))?.toISOString(),
        });
        break;
      }
      case 'DG1': {
        const code = coded(segment.field(3));
        const display = code.display || value(segment.field(4));
        if (!code.code && !display) break;
        add('problem', hl7Instant(value(segment.field(5))) ?? sent, {
          codeSystem: code.code ? codeSystem(code.system) : 'local',
          code: code.code || display,
          display: display || code.code,
          onset: hl7Date(value(segment.field(5))),
        });
        break;
      }
      case 'AL1': {
        const allergen = coded(segment.field(3));
        const substance = allergen.display || allergen.code;
        if (!substance) break;
        add('allergy', hl7Instant(value(segment.field(6))) ?? sent, {
          codeSystem: allergen.code ? codeSystem(allergen.system) : undefined,
          code: allergen.code || undefined,
          substance,
          severity: SEVERITY[value(segment.field(4)).toUpperCase()],
          reaction:
            segment
              .field(5)
              .all()
              .map((r) => value(r))
              .filter(Boolean)
              .join(', ') || undefined,
        });
        break;
      }
      case 'OBR':
        context = { observedAt: hl7Instant(value(segment.field(7))) ?? sent };
        break;
      case 'OBX':
        observation(segment, context.observedAt, message, add);
        break;
      case 'NTE': {
        const text = segment
          .field(3)
          .all()
          .map((line) => line.value)
          .join('\n')
          .trim();
        if (text) add('note', context.observedAt, { title: 'Comment', text });
        break;
      }
      case 'RXE':
      case 'RXO':
        medication(segment, sent, add);
        break;
      case 'RXA':
        administration(segment, message, sent, add);
        break;
    }
  }
  return entries;
}

export type Add = (kind: string, occurredAt: Date, body: Record<string, unknown>) => void;

/** OBX → an observation, note or document (or nothing, for types the record does not keep). */
export function observation(obx: Hl7Segment, observedAt: Date, message: Hl7Message, add: Add): void {
  const type = value(obx.field(2)).toUpperCase();
  const code = coded(obx.field(3));
  const at = hl7Instant(value(obx.field(14))) ?? observedAt;
  const values = obx.field(5).all();
  if (type === 'ED' || type === 'RP') {
    const document = attachmentDocument(
      type,
      values[0] ?? obx.field(5),
      code.display || code.code || 'Document',
    );
    if (document) add('document', at, document);
    return;
  }
  if (TEXT_TYPES.has(type) || message.messageType.startsWith('MDM')) {
    const text = values
      .map((v) => v.value)
      .join('\n')
      .trim();
    if (text) add('note', at, { title: code.display || code.code || 'Report', text });
    return;
  }
  if (!code.code || values.length === 0) return;
  let result: number | string | undefined;
  if (type === 'NM') {
    const number = Number(value(values[0]!));
    result = Number.isFinite(number) && value(values[0]!) !== '' ? number : value(values[0]!) || undefined;
  } else if (type === 'CE' || type === 'CWE' || type === 'CNE') {
    result =
      values
        .map((v) => coded(v).display || coded(v).code)
        .filter(Boolean)
        .join(', ') || undefined;
  } else if (
    type === 'ST' ||
    type === 'SN' ||
    type === 'TS' ||
    type === 'DT' ||
    type === 'TM' ||
    type === 'NA' ||
    type === 'NR'
  ) {
    result =
      values
        .map((v) =>
          v.repetitions[0]!.map((c) => c.join(''))
            .join(' ')
            .trim(),
        )
        .filter(Boolean)
        .join(', ') || undefined;
  }
  if (result === undefined) return; // addresses, phone numbers…: kept in the stored message, not as observations
  const range = value(obx.field(7));
  const bounds = /^\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*$/.exec(range);
  const flag = value(obx.field(8)).toUpperCase();
  add('observation', at, {
    codeSystem: codeSystem(code.system),
    code: code.code,
    display: code.display || undefined,
    value: typeof result === 'string' ? result.slice(0, 1000) : result,
    unit: (value(obx.field(6)) || value(obx.field(6), 2)).slice(0, 50) || undefined,
    referenceRange: bounds
      ? { low: Number(bounds[1]), high: Number(bounds[2]) }
      : range
        ? { text: range.slice(0, 100) }
        : undefined,
    abnormalFlag: ABNORMAL.has(flag) ? flag : undefined,
    status: RESULT_STATUS[value(obx.field(11)).toUpperCase()] ?? 'final',
  });
}

function medication(segment: Hl7Segment, sent: Date, add: Add): void {
  const body = medicationBody(segment);
  if (body) add('medication', sent, body);
}

/** RXE-2 / RXO-1 drug, dose from RXE-3 + RXE-5 (RXO-2 + RXO-4); undefined without a drug. */
export function medicationBody(segment: Hl7Segment): Record<string, unknown> | undefined {
  const drug = coded(segment.field(segment.name === 'RXE' ? 2 : 1));
  const name = drug.display || drug.code;
  if (!name) return undefined;
  const [amount, units] =
    segment.name === 'RXE'
      ? [value(segment.field(3)), value(segment.field(5), 2) || value(segment.field(5))]
      : [value(segment.field(2)), value(segment.field(4))];
  return withoutEmpty({
    codeSystem: drug.code ? codeSystem(drug.system) : undefined,
    code: drug.code || undefined,
    name,
    dose: [amount, units].filter(Boolean).join(' ') || undefined,
    status: 'active',
  });
}

/** RXA: an immunization (VXU) is kept as a procedure; a RAS administration as a medication. */
function administration(rxa: Hl7Segment, message: Hl7Message, sent: Date, add: Add): void {
  const product = coded(rxa.field(5));
  const display = product.display || product.code;
  if (!display) return;
  const at = hl7Instant(value(rxa.field(3))) ?? sent;
  if (message.messageType.startsWith('VXU')) {
    add('procedure', at, {
      codeSystem: product.system.toUpperCase() === 'CVX' ? 'local' : codeSystem(product.system),
      code: product.code || undefined,
      display: `Immunization: ${display}`.slice(0, 500),
      outcome: value(rxa.field(20)) || undefined,
    });
    return;
  }
  add('medication', at, {
    codeSystem: product.code ? codeSystem(product.system) : undefined,
    code: product.code || undefined,
    name: display,
    dose: [value(rxa.field(6)), value(rxa.field(7))].filter(Boolean).join(' ') || undefined,
    status: 'completed',
  });
}

function withoutEmpty(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}
