/** Hard limits applied before and during parsing; exceeding one is an AR, never a crash or a hang. */
export interface Hl7Limits {
  maxMessageBytes: number;
  maxSegments: number;
  maxFieldLength: number;
  parseTimeoutMs: number;
}

export const DEFAULT_HL7_LIMITS: Hl7Limits = {
  maxMessageBytes: 16 * 1024 * 1024,
  maxSegments: 10_000,
  maxFieldLength: 4 * 1024 * 1024,
  parseTimeoutMs: 2_000,
};
