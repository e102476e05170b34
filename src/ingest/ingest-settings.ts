import type { AppConfig } from '../config/config.schema.js';
import type { Hl7Limits } from './hl7/hl7-limits.js';
import type { SenderBindings } from './senders/sender-bindings.js';

export function hl7LimitsFrom(config: AppConfig): Hl7Limits {
  return {
    maxMessageBytes: config.INGEST_MAX_MESSAGE_BYTES,
    maxSegments: config.INGEST_MAX_SEGMENTS,
    maxFieldLength: config.INGEST_MAX_FIELD_LENGTH,
    parseTimeoutMs: config.INGEST_PARSE_TIMEOUT_MS,
  };
}

/**
 * What message assessment asks of the sender list: whether some sender may use this MSH-3|MSH-4
 * at all. Which sender may use which pair is `SenderBindings` (senders/), checked by `SenderGate`.
 */
export type SenderAllowList = Pick<SenderBindings, 'allows'>;
