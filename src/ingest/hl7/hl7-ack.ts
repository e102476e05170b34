import { randomUUID } from 'node:crypto';
import { STANDARD_DELIMITERS } from './hl7-delimiters.js';
import { encodeHl7 } from './hl7-encoder.js';
import type { AckCode, Hl7Error } from './hl7-errors.js';
import { Hl7Field, Hl7Message, Hl7Segment } from './hl7-message.js';

export interface AckOptions {
  code: AckCode;
  /** MSA-3 / ERR-8: a human-readable reason, never PHI. */
  text?: string;
  error?: Pick<Hl7Error, 'hl7ErrorCode' | 'hl7ErrorText' | 'location'>;
  /** Clock for MSH-7 (tests). */
  now?: Date;
  controlId?: string;
  /** MSA-2 when `original` could not be parsed: MSH-10 as located in the raw bytes (locateControlId). */
  originalControlId?: string;
}

function hl7Timestamp(now: Date): string {
  return (
    now
      .toISOString()
      .replace(/[-:T]/g, '')
      .replace(/\.\d+Z$/, '') + '+0000'
  );
}

const fields = (values: (string | Hl7Field)[]): Hl7Field[] => [
  Hl7Field.EMPTY,
  ...values.map((value) => (typeof value === 'string' ? Hl7Field.of(value) : value)),
];

/**
 * An ACK for `original` (or for unparseable input when `original` is null): sender and receiver
 * swapped, MSA-1 = code, MSA-2 = the original MSH-10, and for AE/AR an ERR segment with the HL7
 * error code, location and reason. Always written with the standard delimiters `|^~\&`.
 */
export function buildAck(original: Hl7Message | null, options: AckOptions): string {
  const msh = original?.header;
  const trigger = msh?.field(9).component(2) ?? '';
  const header = new Hl7Segment(
    'MSH',
    fields([
      STANDARD_DELIMITERS.field,
      '^~\\&',
      msh?.field(5) ?? 'ANAMNESIS',
      msh?.field(6) ?? '',
      msh?.field(3) ?? '',
      msh?.field(4) ?? '',
      hl7Timestamp(options.now ?? new Date()),
      '',
      new Hl7Field([[['ACK'], [trigger], ['ACK']]]),
      options.controlId ?? randomUUID().replaceAll('-', '').slice(0, 20),
      msh?.field(11).value || 'P',
      original?.version || '2.5.1',
      ...(original?.charset && msh?.field(18).value ? ['', '', '', '', '', msh.field(18)] : []),
    ]),
  );
  const segments = [
    header,
    new Hl7Segment(
      'MSA',
      fields([options.code, original?.controlId || options.originalControlId || '', options.text ?? '']),
    ),
  ];
  if (options.code !== 'AA') {
    const error = options.error;
    const location = error?.location ? new Hl7Field([error.location.split('^').map((part) => [part])]) : '';
    segments.push(
      new Hl7Segment(
        'ERR',
        fields([
          '',
          location,
          new Hl7Field([
            [
              [error?.hl7ErrorCode ?? '207'],
              [error?.hl7ErrorText ?? 'Application internal error'],
              ['HL70357'],
            ],
          ]),
          'E',
          '',
          '',
          '',
          options.text ?? '',
        ]),
      ),
    );
  }
  return encodeHl7(new Hl7Message(STANDARD_DELIMITERS, original?.charset ?? 'UTF-8', segments));
}

/**
 * The ACK for an error raised while reading or checking a message; `originalControlId` (located in
 * the raw bytes) fills MSA-2 when the message itself could not be parsed.
 */
export function buildErrorAck(
  original: Hl7Message | null,
  error: Hl7Error,
  now?: Date,
  originalControlId?: string,
): string {
  return buildAck(original, { code: error.ackCode, text: error.reason, error, now, originalControlId });
}
