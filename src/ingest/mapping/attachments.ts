import type { Hl7Field } from '../hl7/hl7-message.js';
import { value } from './hl7-values.js';

/** Subtypes (ED-3, RP-4) whose content is text a clinician can read in the timeline. */
const TEXT_SUBTYPES = new Set(['TEXT', 'PLAIN', 'TXT']);
/** At most this much decoded text goes into a document entry (the record's document limit). */
const MAX_TEXT = 1_000_000;

/**
 * An OBX of type ED (encapsulated data) or RP (reference pointer) as the body of a `document`
 * entry. Text content (type TEXT or subtype TEXT/PLAIN, ASCII/Base64/Hex encoded) becomes the
 * document's text; binary content (PDF, images…) is described — type, subtype, decoded size — and
 * stays in the stored message the entry's provenance points to. A reference pointer is recorded as
 * text and never fetched. Undefined when the field carries nothing.
 */
export function attachmentDocument(type: 'ED' | 'RP', field: Hl7Field, title: string) {
  return type === 'ED' ? encapsulated(field, title) : reference(field, title);
}

function encapsulated(field: Hl7Field, title: string) {
  // ED: 1 source application, 2 type of data, 3 data subtype, 4 encoding, 5 data.
  const [kind, subtype, encoding] = [2, 3, 4].map((c) => value(field, c).toUpperCase());
  const data = field.component(5);
  if (!data.trim()) return undefined;
  const bytes = decode(data, encoding!);
  if (!bytes) {
    return {
      title,
      text: `Attached ${describe(kind!, subtype!)} could not be decoded (encoding "${encoding}").`,
    };
  }
  if (kind === 'TEXT' || TEXT_SUBTYPES.has(subtype!)) {
    const text = readableText(bytes);
    if (text !== undefined) return { title, text: text.slice(0, MAX_TEXT) };
  }
  return {
    title,
    text: `Attached ${describe(kind!, subtype!)}, ${bytes.length.toLocaleString('en')} bytes: kept in the source message, not shown as text.`,
  };
}

function reference(field: Hl7Field, title: string) {
  // RP: 1 pointer, 2 application id, 3 type of data, 4 subtype.
  const pointer = field.component(1).trim();
  if (!pointer) return undefined;
  const application = value(field, 2);
  const what = describe(value(field, 3).toUpperCase(), value(field, 4).toUpperCase());
  return {
    title,
    text: `External ${what}: ${pointer}${application ? ` (held by ${application})` : ''}. Not retrieved by Anamnesis.`,
  };
}

function describe(kind: string, subtype: string): string {
  const name = [kind, subtype].filter(Boolean).join('/');
  return name ? `document (${name})` : 'document';
}

function decode(data: string, encoding: string): Buffer | undefined {
  const compact = data.replace(/\s+/g, '');
  switch (encoding) {
    case 'BASE64':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0
        ? Buffer.from(compact, 'base64')
        : undefined;
    case 'HEX':
      return /^(?:[0-9A-Fa-f]{2})*$/.test(compact) ? Buffer.from(compact, 'hex') : undefined;
    case 'A':
    case '':
      return Buffer.from(data, 'utf8');
    default:
      return undefined;
  }
}

/** UTF-8 text without control characters other than line breaks and tabs, else undefined. */
function readableText(bytes: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\r\n?/g, '\n');
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text) ? undefined : text.trim() || undefined;
  } catch {
    return undefined;
  }
}
