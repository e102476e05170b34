import { decodeBytes, type Hl7Charset } from './hl7-charset.js';
import type { Hl7Delimiters } from './hl7-delimiters.js';
import { Hl7Error } from './hl7-errors.js';

const HEX = /^(?:[0-9A-Fa-f]{2})+$/;
/** Formatting commands of FT fields that mean "line break"; the others only affect layout. */
const LINE_BREAKS = /^\.(?:br|sp\d*)$/;
const FORMATTING = /^\.(?:fi|nf|in[+-]?\d*|ti[+-]?\d*|sk[+-]?\d*|ce)$/;
/** Locally defined (Z) and character-set switching (C, M) escapes are kept verbatim. */
const PASSTHROUGH = /^[ZCM][0-9A-Za-z]*$/;

/**
 * Decodes HL7 escape sequences in one leaf value, exactly once: `\F\ \S\ \T\ \R\ \E\ \P\`,
 * `\Xhh..\` (bytes in the message charset), `\.br\` and `\.sp\` (line break), `\H\ \N\` and other
 * formatting (dropped). An unterminated or unknown escape is an error.
 */
export function unescapeValue(
  raw: string,
  delimiters: Hl7Delimiters,
  charset: Hl7Charset,
  location: string,
): string {
  const escape = delimiters.escape;
  let start = raw.indexOf(escape);
  if (start < 0) return raw;
  let out = '';
  let copied = 0;
  while (start >= 0) {
    const end = raw.indexOf(escape, start + 1);
    if (end < 0) throw new Hl7Error('bad_escape', `unterminated escape sequence in ${location}`, location);
    out += raw.slice(copied, start) + decodeOne(raw.slice(start + 1, end), delimiters, charset, location);
    copied = end + 1;
    start = raw.indexOf(escape, copied);
  }
  return out + raw.slice(copied);
}

function decodeOne(body: string, d: Hl7Delimiters, charset: Hl7Charset, location: string): string {
  switch (body) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'H':
    case 'N':
      return '';
  }
  if (body === 'P' && d.truncation) return d.truncation;
  if (body.startsWith('X') && HEX.test(body.slice(1))) {
    return decodeBytes(Buffer.from(body.slice(1), 'hex'), charset, `\\X\\ escape of ${location}`);
  }
  if (LINE_BREAKS.test(body)) return '\n';
  if (FORMATTING.test(body)) return '';
  if (PASSTHROUGH.test(body)) return d.escape + body + d.escape;
  throw new Hl7Error('bad_escape', `invalid escape sequence in ${location}`, location);
}

/** The inverse of unescapeValue for plain text: delimiters, escape char and line breaks. */
export function escapeValue(value: string, d: Hl7Delimiters): string {
  let out = '';
  for (const char of value) {
    if (char === d.escape) out += `${d.escape}E${d.escape}`;
    else if (char === d.field) out += `${d.escape}F${d.escape}`;
    else if (char === d.component) out += `${d.escape}S${d.escape}`;
    else if (char === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (char === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (d.truncation && char === d.truncation) out += `${d.escape}P${d.escape}`;
    else if (char === '\n') out += `${d.escape}.br${d.escape}`;
    else if (char === '\r') out += `${d.escape}X0D${d.escape}`;
    else out += char;
  }
  return out;
}
