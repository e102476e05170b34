import { performance } from 'node:perf_hooks';
import { charsetFromMsh18, decodeBytes, type Hl7Charset } from './hl7-charset.js';
import { readDelimiters, type Hl7Delimiters } from './hl7-delimiters.js';
import { Hl7Error } from './hl7-errors.js';
import { unescapeValue } from './hl7-escape.js';
import { DEFAULT_HL7_LIMITS, type Hl7Limits } from './hl7-limits.js';
import { Hl7Field, Hl7Message, Hl7Segment } from './hl7-message.js';

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
const LINE_BREAK = /\r\n|\r|\n/;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Parses one HL7 v2 ER7 message (bytes as received, or text already decoded). Throws only
 * Hl7Error, for any input, within the limits given (see README.md for the rules).
 */
export function parseHl7(input: Uint8Array | string, limits: Hl7Limits = DEFAULT_HL7_LIMITS): Hl7Message {
  const deadline = performance.now() + limits.parseTimeoutMs;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > limits.maxMessageBytes) {
    throw new Hl7Error('too_large', `message exceeds ${limits.maxMessageBytes} bytes`);
  }
  let bytes = typeof input === 'string' ? undefined : input;
  if (bytes && BOM.every((byte, i) => bytes![i] === byte)) bytes = bytes.subarray(3);
  const headerLine = bytes
    ? readHeaderLine(bytes)
    : input
        .toString()
        .replace(/^\uFEFF/, '')
        .split(LINE_BREAK, 1)[0]!;
  if (headerLine.length === 0 || /^\s*$/.test(headerLine)) throw new Hl7Error('empty', 'message is empty');
  if (!headerLine.startsWith('MSH') || headerLine.length < 4) {
    throw new Hl7Error('no_msh', 'message does not start with an MSH segment', 'MSH^1');
  }
  const fieldSeparator = headerLine[3]!;
  const headerParts = headerLine.split(fieldSeparator);
  const delimiters = readDelimiters(fieldSeparator, headerParts[1] ?? '');
  const msh18 = (headerParts[17] ?? '').split(delimiters.repetition)[0]!.split(delimiters.component)[0]!;
  const charset = charsetFromMsh18(unescapeValue(msh18, delimiters, 'ASCII', 'MSH^1^18'));
  const text = bytes ? decodeBytes(bytes, charset, 'message') : input.toString().replace(/^\uFEFF/, '');
  return new Hl7Message(delimiters, charset, parseSegments(text, delimiters, charset, limits, deadline));
}

/** The first line, byte-preserving (latin1), to read the delimiters and MSH-18 before decoding. */
function readHeaderLine(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = buffer.length;
  for (const terminator of [0x0d, 0x0a]) {
    const at = buffer.indexOf(terminator);
    if (at >= 0 && at < end) end = at;
  }
  return buffer.toString('latin1', 0, end);
}

function parseSegments(
  text: string,
  delimiters: Hl7Delimiters,
  charset: Hl7Charset,
  limits: Hl7Limits,
  deadline: number,
): Hl7Segment[] {
  const segments: Hl7Segment[] = [];
  const seen = new Map<string, number>();
  for (const line of joinContinuationLines(text.split(LINE_BREAK), delimiters.field)) {
    if (line.length === 0 || /^\s+$/.test(line)) continue;
    if (segments.length >= limits.maxSegments) {
      throw new Hl7Error('too_many_segments', `message exceeds ${limits.maxSegments} segments`);
    }
    if (performance.now() > deadline) {
      throw new Hl7Error('parse_timeout', `parsing exceeded ${limits.parseTimeoutMs} ms`);
    }
    const parts = line.split(delimiters.field);
    const name = parts[0]!;
    const sequence = (seen.get(name) ?? 0) + 1;
    seen.set(name, sequence);
    const position = segments.length + 1;
    if (!SEGMENT_NAME.test(name)) {
      throw new Hl7Error('bad_segment', `segment ${position} has no valid segment name`);
    }
    if (position === 1 ? name !== 'MSH' : ['MSH', 'FHS', 'BHS', 'BTS', 'FTS'].includes(name)) {
      throw new Hl7Error(
        'bad_segment',
        `unexpected ${name} segment at position ${position}`,
        `${name}^${sequence}`,
      );
    }
    const fields: Hl7Field[] = [Hl7Field.EMPTY];
    if (name === 'MSH') {
      fields.push(Hl7Field.of(delimiters.field), Hl7Field.of(parts[1]!));
      for (let i = 2; i < parts.length; i++) {
        fields.push(parseField(parts[i]!, delimiters, charset, limits, `MSH^1^${i + 1}`));
      }
    } else {
      for (let i = 1; i < parts.length; i++) {
        fields.push(parseField(parts[i]!, delimiters, charset, limits, `${name}^${sequence}^${i}`));
      }
    }
    segments.push(new Hl7Segment(name, fields));
  }
  if (segments.length === 0) throw new Hl7Error('empty', 'message is empty');
  return segments;
}

/**
 * A line that cannot start a segment (no `XXX|` name) continues the previous one: a line break
 * inside a field value, seen in exported files. It is kept as a line break ('\n') in the value.
 */
function joinContinuationLines(lines: string[], field: string): string[] {
  const joined: string[] = [];
  for (const line of lines) {
    const name = line.split(field, 1)[0]!;
    const startsSegment = SEGMENT_NAME.test(name) || line.length === 0 || /^\s+$/.test(line);
    if (!startsSegment && joined.length > 0) joined[joined.length - 1] += `\n${line}`;
    else joined.push(line);
  }
  return joined;
}

function parseField(
  raw: string,
  d: Hl7Delimiters,
  charset: Hl7Charset,
  limits: Hl7Limits,
  location: string,
): Hl7Field {
  if (raw.length > limits.maxFieldLength) {
    throw new Hl7Error(
      'field_too_long',
      `field ${location} exceeds ${limits.maxFieldLength} characters`,
      location,
    );
  }
  if (
    !raw.includes(d.repetition) &&
    !raw.includes(d.component) &&
    !raw.includes(d.subcomponent) &&
    !raw.includes(d.escape)
  ) {
    return Hl7Field.of(raw);
  }
  return new Hl7Field(
    raw
      .split(d.repetition)
      .map((rep) =>
        rep
          .split(d.component)
          .map((component) =>
            component.split(d.subcomponent).map((sub) => unescapeValue(sub, d, charset, location)),
          ),
      ),
  );
}
