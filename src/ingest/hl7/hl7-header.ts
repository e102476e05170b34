import { Hl7Error } from './hl7-errors.js';
import type { Hl7Field, Hl7Message } from './hl7-message.js';

/** What ingest needs from MSH: who sent it, its control id (de-duplication key) and its type. */
export interface Hl7Header {
  sendingApplication: string;
  sendingFacility: string;
  controlId: string;
  /** `ADT^A01` (MSH-9.1^MSH-9.2), or just `ACK`. */
  messageType: string;
  version: string;
}

/** HD (namespace^universal id^type) as one comparable string, independent of the sender's delimiters. */
export function hierarchicDesignator(field: Hl7Field): string {
  const parts = [field.component(1), field.component(2), field.component(3)];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('^');
}

/** Reads and checks the MSH fields ingest relies on; a missing one is an AE naming the field. */
export function readHl7Header(message: Hl7Message): Hl7Header {
  const msh = message.header;
  if (msh.field(9).component(1) === '') {
    throw new Hl7Error('missing_field', 'MSH-9 message type is missing', 'MSH^1^9');
  }
  if (message.controlId === '') {
    throw new Hl7Error('missing_field', 'MSH-10 message control id is missing', 'MSH^1^10');
  }
  return {
    sendingApplication: hierarchicDesignator(msh.field(3)),
    sendingFacility: hierarchicDesignator(msh.field(4)),
    controlId: message.controlId,
    messageType: message.messageType,
    version: message.version,
  };
}

/** Longest control id echoed from an unparsed message (MSH-10 is ST 20 in 2.5.1; 199 in later versions). */
const MAX_LOCATED_CONTROL_ID = 199;

/**
 * MSH-10 of a message that failed to parse or validate, so that its AE/AR still echoes it in MSA-2:
 * the first line must start with `MSH` and a field separator; MSH-10 is taken up to its
 * first component separator (when MSH-2 names one). Only printable ASCII is echoed, at most 199
 * characters; otherwise undefined (MSA-2 stays empty).
 */
export function locateControlId(raw: Uint8Array | undefined): string | undefined {
  if (!raw || raw.byteLength < 8) return undefined;
  let start = 0;
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) start = 3;
  const head = Buffer.from(raw.buffer, raw.byteOffset + start, Math.min(raw.byteLength - start, 4096));
  const line = head.toString('latin1').split(/\r|\n/, 1)[0]!;
  if (!line.startsWith('MSH') || line.length < 5) return undefined;
  const parts = line.split(line[3]!);
  const component = parts[1]?.[0];
  const value = (parts[9] ?? '').split(component && component !== line[3] ? component : '\u0000')[0]!.trim();
  if (
    !value ||
    value.length > MAX_LOCATED_CONTROL_ID ||
    !/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value)
  )
    return undefined;
  return value;
}
