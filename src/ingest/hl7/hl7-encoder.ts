import { encodingCharacters, type Hl7Delimiters } from './hl7-delimiters.js';
import { escapeValue } from './hl7-escape.js';
import type { Hl7Field, Hl7Message, Hl7Segment } from './hl7-message.js';

/** ER7 text of a message, segments terminated by `\r`; the inverse of parseHl7. */
export function encodeHl7(message: Hl7Message): string {
  return message.segments.map((segment) => encodeSegment(segment, message.delimiters) + '\r').join('');
}

export function encodeSegment(segment: Hl7Segment, d: Hl7Delimiters): string {
  const isHeader = segment.name === 'MSH';
  const first = isHeader ? 3 : 1;
  let out = isHeader ? `MSH${d.field}${encodingCharacters(d)}` : segment.name;
  for (let i = first; i < segment.fields.length; i++) out += d.field + encodeField(segment.fields[i]!, d);
  return out;
}

export function encodeField(field: Hl7Field, d: Hl7Delimiters): string {
  return field.repetitions
    .map((rep) =>
      rep
        .map((component) => component.map((sub) => escapeValue(sub, d)).join(d.subcomponent))
        .join(d.component),
    )
    .join(d.repetition);
}
