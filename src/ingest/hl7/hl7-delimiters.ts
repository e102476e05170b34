import { Hl7Error } from './hl7-errors.js';

/** The separators of one message, read from MSH-1 and MSH-2 (any legal choice, not only `|^~\&`). */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** v2.7+ truncation character (5th MSH-2 character); absent before 2.7. */
  truncation?: string;
}

export const STANDARD_DELIMITERS: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

function isPrintableAscii(char: string): boolean {
  const code = char.charCodeAt(0);
  return code > 0x20 && code < 0x7f;
}

/** Where a sender leaves out the subcomponent separator, HAPI's default stands in. */
const DEFAULT_SUBCOMPONENT = STANDARD_DELIMITERS.subcomponent;

/**
 * Validates MSH-1 and MSH-2: 4 or 5 printable ASCII characters, all different from each other and
 * from the field separator. Letters are legal (hl7apy's `$r?@` example uses `r`). Three characters
 * (`^~\`, seen in real feeds and accepted by HAPI) mean no subcomponent separator was sent: `&` is
 * assumed, unless the sender already uses it for something else.
 */
export function readDelimiters(field: string, encodingCharacters: string): Hl7Delimiters {
  if (encodingCharacters.length === 3 && ![field, ...encodingCharacters].includes(DEFAULT_SUBCOMPONENT)) {
    return readDelimiters(field, encodingCharacters + DEFAULT_SUBCOMPONENT);
  }
  if (!isPrintableAscii(field)) {
    throw new Hl7Error(
      'bad_delimiters',
      'MSH-1 field separator must be a printable ASCII character',
      'MSH^1^1',
    );
  }
  if (encodingCharacters.length !== 4 && encodingCharacters.length !== 5) {
    throw new Hl7Error('bad_delimiters', 'MSH-2 must hold 3 to 5 encoding characters', 'MSH^1^2');
  }
  const all = [field, ...encodingCharacters];
  if (!all.every(isPrintableAscii)) {
    throw new Hl7Error('bad_delimiters', 'MSH-2 encoding characters must be printable ASCII', 'MSH^1^2');
  }
  if (new Set(all).size !== all.length) {
    throw new Hl7Error('bad_delimiters', 'MSH-1/MSH-2 delimiters must all differ', 'MSH^1^2');
  }
  const [component, repetition, escape, subcomponent, truncation] = [...encodingCharacters] as string[];
  return {
    field,
    component: component!,
    repetition: repetition!,
    escape: escape!,
    subcomponent: subcomponent!,
    truncation,
  };
}

export function encodingCharacters(delimiters: Hl7Delimiters): string {
  return (
    delimiters.component +
    delimiters.repetition +
    delimiters.escape +
    delimiters.subcomponent +
    (delimiters.truncation ?? '')
  );
}
