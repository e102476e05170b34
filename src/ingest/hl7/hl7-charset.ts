import { Hl7Error } from './hl7-errors.js';

/** The MSH-18 character sets we accept. Anything else is AR (never guessed). */
export type Hl7Charset = 'UTF-8' | 'ASCII' | 'ISO-8859-1' | 'GB18030';

const NAMES: Record<string, Hl7Charset> = {
  '': 'UTF-8',
  ASCII: 'ASCII',
  'US-ASCII': 'ASCII',
  '8859/1': 'ISO-8859-1',
  'ISO-8859-1': 'ISO-8859-1',
  'ISO8859-1': 'ISO-8859-1',
  'UNICODE UTF-8': 'UTF-8',
  'UTF-8': 'UTF-8',
  UTF8: 'UTF-8',
  // HL7 table 0211: GB 18030-2000 (Chinese); decoded by Node's TextDecoder (full ICU).
  'GB 18030-2000': 'GB18030',
  'GB18030-2000': 'GB18030',
  'GB 18030': 'GB18030',
  GB18030: 'GB18030',
};

/**
 * MSH-18 (first repetition, first component). Empty means the HL7 default (ASCII); we read it as
 * UTF-8, a strict superset, and still reject bytes that are not valid UTF-8.
 */
export function charsetFromMsh18(value: string): Hl7Charset {
  const charset = NAMES[value.trim().toUpperCase()];
  if (!charset)
    throw new Hl7Error('unsupported_charset', 'MSH-18 character set is not supported', 'MSH^1^18');
  return charset;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** Decodes bytes in the declared charset; invalid input is rejected, never repaired. */
export function decodeBytes(bytes: Uint8Array, charset: Hl7Charset, where: string): string {
  if (charset === 'UTF-8') {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new Hl7Error('bad_charset', `invalid UTF-8 in ${where}`);
    }
  }
  if (charset === 'GB18030') {
    try {
      return gb18030.decode(bytes);
    } catch {
      throw new Hl7Error('bad_charset', `invalid GB 18030 in ${where}`);
    }
  }
  if (charset === 'ASCII') {
    for (const byte of bytes) {
      if (byte > 0x7f) throw new Hl7Error('bad_charset', `non-ASCII byte in ${where} declared ASCII`);
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
