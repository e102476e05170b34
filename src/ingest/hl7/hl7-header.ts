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
