import { Hl7Error } from './hl7/hl7-errors.js';
import { locateControlId, readHl7Header, type Hl7Header } from './hl7/hl7-header.js';
import type { Hl7Limits } from './hl7/hl7-limits.js';
import type { Hl7Message } from './hl7/hl7-message.js';
import { parseHl7 } from './hl7/hl7-parser.js';
import { checkMessageProfile } from './hl7/message-profile.js';
import { UnmappedPolicy } from './hl7/message-types.js';
import type { SenderAllowList } from './ingest-settings.js';

export type Assessment =
  | { ok: true; message: Hl7Message; header: Hl7Header; mapped: boolean }
  | {
      ok: false;
      message?: Hl7Message;
      header?: Hl7Header;
      error: Hl7Error;
      /** MSH-10 as located in the raw bytes when the message did not parse: the AE/AR echoes it. */
      controlId?: string;
    };

const DEFAULT_UNMAPPED = new UnmappedPolicy();

/**
 * Everything decided before a message is stored: it parses within the limits, MSH names a type and
 * control id, the sender is allowed, and the type is one we accept (mapped, or stored unmapped under
 * INGEST_UNMAPPED). Pure: no I/O, never throws.
 */
export function assessMessage(
  raw: Uint8Array | undefined,
  limits: Hl7Limits,
  senders: Pick<SenderAllowList, 'allows'>,
  unmapped: UnmappedPolicy = DEFAULT_UNMAPPED,
): Assessment {
  if (!raw)
    return { ok: false, error: new Hl7Error('too_large', `message exceeds ${limits.maxMessageBytes} bytes`) };
  let message: Hl7Message | undefined;
  let header: Hl7Header | undefined;
  try {
    message = parseHl7(raw, limits);
    header = readHl7Header(message);
    if (!senders.allows(header.sendingApplication, header.sendingFacility)) {
      throw new Hl7Error('unknown_sender', 'sender (MSH-3/MSH-4) is not on the allow-list', 'MSH^1^3');
    }
    const mapped = checkMessageProfile(message, unmapped) === 'mapped';
    return { ok: true, message, header, mapped };
  } catch (error) {
    const controlId = message?.controlId || locateControlId(raw);
    if (error instanceof Hl7Error) return { ok: false, message, header, error, controlId };
    // Defensive: the parser only throws Hl7Error; anything else is our bug, answered AR.
    return {
      ok: false,
      message,
      header,
      controlId,
      error: new Hl7Error('parse_timeout', 'message could not be processed'),
    };
  }
}
