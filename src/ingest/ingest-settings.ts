import type { AppConfig } from '../config/config.schema.js';
import type { Hl7Limits } from './hl7/hl7-limits.js';

export function hl7LimitsFrom(config: AppConfig): Hl7Limits {
  return {
    maxMessageBytes: config.INGEST_MAX_MESSAGE_BYTES,
    maxSegments: config.INGEST_MAX_SEGMENTS,
    maxFieldLength: config.INGEST_MAX_FIELD_LENGTH,
    parseTimeoutMs: config.INGEST_PARSE_TIMEOUT_MS,
  };
}

/**
 * MLLP senders allowed, as `MSH-3|MSH-4` pairs (each an HD value such as `LAB` or `LAB^1.2.3^ISO`,
 * or `*`). Unset: everyone outside production, no one in production (the safe default there).
 */
export class SenderAllowList {
  private readonly entries: { application: string; facility: string }[];
  private readonly everyone: boolean;

  constructor(setting: string | undefined, production: boolean) {
    this.everyone = setting === undefined ? !production : false;
    this.entries = (setting ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [application = '*', facility = '*'] = entry.split('|').map((part) => part.trim());
        return { application, facility };
      });
  }

  allows(application: string, facility: string): boolean {
    if (this.everyone) return true;
    return this.entries.some(
      (entry) =>
        (entry.application === '*' || entry.application === application) &&
        (entry.facility === '*' || entry.facility === facility),
    );
  }
}
