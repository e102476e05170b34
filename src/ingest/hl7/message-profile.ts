import { Hl7Error } from './hl7-errors.js';
import type { Hl7Message } from './hl7-message.js';
import { typeHandling, UnmappedPolicy } from './message-types.js';

/** Events whose message names two patients in two PIDs (link/unlink). */
const TWO_PATIENT_EVENTS = new Set(['ADT^A24', 'ADT^A37']);
/** Merges and identifier changes name the prior identifier in MRG-1 (A39 also MRG-4). */
const MERGE_EVENTS = new Set(['ADT^A39', 'ADT^A40', 'ADT^A41', 'ADT^A42', 'ADT^A47']);

/**
 * Checks what a message needs before we ACK it: an accepted type (message-types.ts); for a type
 * we map, exactly one PID with a patient identifier (PID-3; two PIDs for A24/A37 link/unlink).
 * An accepted type we do not map needs no more (it is stored, not read) unless INGEST_UNMAPPED
 * refuses it. Errors name the field, never its content. Returns whether the message will be mapped.
 */
export function checkMessageProfile(
  message: Hl7Message,
  unmapped: UnmappedPolicy = new UnmappedPolicy(),
): 'mapped' | 'unmapped' {
  const type = message.messageType;
  const handling = typeHandling(type);
  if (handling === 'unsupported') {
    throw new Hl7Error('unsupported_type', `message type ${safeType(type)} is not supported`, 'MSH^1^9');
  }
  if (handling === 'unmapped') {
    if (!unmapped.accepts(type)) {
      throw new Hl7Error(
        'unsupported_type',
        `message type ${safeType(type)} is not mapped and INGEST_UNMAPPED refuses it`,
        'MSH^1^9',
      );
    }
    return 'unmapped';
  }
  const pids = message.segmentsNamed('PID');
  // A merge may repeat its PID + MRG group (one MRG per PID); A24/A37 name two patients.
  const mrgs = message.segmentsNamed('MRG');
  const expected = TWO_PATIENT_EVENTS.has(type) ? 2 : MERGE_EVENTS.has(type) ? Math.max(1, mrgs.length) : 1;
  if (pids.length === 0) throw new Hl7Error('missing_field', 'PID segment is missing', 'PID^1');
  if (pids.length > expected)
    throw new Hl7Error('bad_segment', 'more than one PID segment', `PID^${expected + 1}`);
  pids.forEach((pid, i) => {
    const identifiers = pid
      .field(3)
      .all()
      .filter((id) => id.component(1).trim() !== '');
    if (identifiers.length === 0) {
      throw new Hl7Error('missing_field', 'PID-3 patient identifier is missing', `PID^${i + 1}^3`);
    }
  });
  if (MERGE_EVENTS.has(type)) {
    if (mrgs.length === 0) throw new Hl7Error('missing_field', 'MRG segment is missing', 'MRG^1');
    mrgs.forEach((mrg, i) => {
      if (!mrg.field(1).component(1).trim() && !mrg.field(4).component(1).trim()) {
        throw new Hl7Error('missing_field', 'MRG-1 prior patient identifier is missing', `MRG^${i + 1}^1`);
      }
    });
  }
  return 'mapped';
}

/** A message type is a code, but it is sender-supplied text: keep it short and plain. */
function safeType(type: string): string {
  return /^[A-Z0-9]{1,3}(\^[A-Z0-9]{1,3})?$/.test(type) ? type : '(invalid)';
}
