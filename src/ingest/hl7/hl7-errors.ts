/**
 * Why a message could not be accepted. `reason` names positions (segment, field), never values,
 * so it is safe in logs, ACKs and API responses (no PHI).
 *
 * `ackCode`: AE = the message is wrong (the sender should fix it), AR = we refuse it (unsupported,
 * too large, unknown sender). `errorCode` is an HL7 table 0357 code for ERR-3.
 */
export type AckCode = 'AA' | 'AE' | 'AR';

export type Hl7ErrorCode =
  | 'empty'
  | 'no_msh'
  | 'bad_delimiters'
  | 'bad_segment'
  | 'bad_escape'
  | 'bad_charset'
  | 'unsupported_charset'
  | 'too_large'
  | 'too_many_segments'
  | 'field_too_long'
  | 'parse_timeout'
  | 'missing_field'
  | 'unsupported_type'
  | 'unknown_sender'
  | 'batch_envelope';

const ERROR_TABLE: Record<Hl7ErrorCode, { ack: AckCode; hl7: string; text: string }> = {
  empty: { ack: 'AE', hl7: '100', text: 'Segment sequence error' },
  no_msh: { ack: 'AE', hl7: '100', text: 'Segment sequence error' },
  bad_delimiters: { ack: 'AE', hl7: '102', text: 'Data type error' },
  bad_segment: { ack: 'AE', hl7: '100', text: 'Segment sequence error' },
  bad_escape: { ack: 'AE', hl7: '102', text: 'Data type error' },
  bad_charset: { ack: 'AE', hl7: '102', text: 'Data type error' },
  unsupported_charset: { ack: 'AR', hl7: '203', text: 'Unsupported version id' },
  too_large: { ack: 'AR', hl7: '207', text: 'Application internal error' },
  too_many_segments: { ack: 'AR', hl7: '207', text: 'Application internal error' },
  field_too_long: { ack: 'AR', hl7: '207', text: 'Application internal error' },
  parse_timeout: { ack: 'AR', hl7: '207', text: 'Application internal error' },
  missing_field: { ack: 'AE', hl7: '101', text: 'Required field missing' },
  unsupported_type: { ack: 'AR', hl7: '200', text: 'Unsupported message type' },
  unknown_sender: { ack: 'AR', hl7: '204', text: 'Unknown key identifier' },
  batch_envelope: { ack: 'AE', hl7: '100', text: 'Segment sequence error' },
};

export class Hl7Error extends Error {
  readonly ackCode: AckCode;
  readonly hl7ErrorCode: string;
  readonly hl7ErrorText: string;

  constructor(
    readonly code: Hl7ErrorCode,
    readonly reason: string,
    /** ERR-2 error location, e.g. `PID^1^3` (segment, sequence, field). */
    readonly location?: string,
  ) {
    super(reason);
    this.name = 'Hl7Error';
    const entry = ERROR_TABLE[code];
    this.ackCode = entry.ack;
    this.hl7ErrorCode = entry.hl7;
    this.hl7ErrorText = entry.text;
  }
}
