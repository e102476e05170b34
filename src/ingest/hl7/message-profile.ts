import { Hl7Error } from './hl7-errors.js';
import type { Hl7Message } from './hl7-message.js';

/** Message types the import maps into records (issue 6). Anything else is AR and quarantined. */
export const SUPPORTED_TYPES = new Set([
  'ADT^A01',
  'ADT^A04',
  'ADT^A08',
  'ADT^A28',
  'ADT^A31',
  'ORU^R01',
  'MDM^T02',
  'MDM^T04',
  'RDE^O11',
  'RAS^O17',
  'VXU^V04',
]);

/**
 * Checks what every supported message needs before we ACK it: a supported type and exactly one
 * PID with a patient identifier (PID-3). Errors name the field, never its content.
 */
export function checkMessageProfile(message: Hl7Message): void {
  if (!SUPPORTED_TYPES.has(message.messageType)) {
    throw new Hl7Error(
      'unsupported_type',
      `message type ${safeType(message.messageType)} is not supported`,
      'MSH^1^9',
    );
  }
  const pids = message.segmentsNamed('PID');
  if (pids.length === 0) throw new Hl7Error('missing_field', 'PID segment is missing', 'PID^1');
  if (pids.length > 1) throw new Hl7Error('bad_segment', 'more than one PID segment', 'PID^2');
  const identifiers = pids[0]!
    .field(3)
    .all()
    .filter((id) => id.component(1).trim() !== '');
  if (identifiers.length === 0) {
    throw new Hl7Error('missing_field', 'PID-3 patient identifier is missing', 'PID^1^3');
  }
}

/** A message type is a code, but it is sender-supplied text: keep it short and plain. */
function safeType(type: string): string {
  return /^[A-Z0-9]{1,3}(\^[A-Z0-9]{1,3})?$/.test(type) ? type : '(invalid)';
}
