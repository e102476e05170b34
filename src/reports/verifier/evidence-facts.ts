import { foldWidth } from '../../terminology/text/normalise.js';
import { findCodes } from '../text/codes.js';
import { findDates } from '../text/dates.js';
import { findDrugs } from '../../terminology/drugs/drug-names.js';
import { findQuantities, type Quantity } from '../text/quantities.js';
import { tokenise, type TokenisedText } from '../text/tokens.js';

/** Everything the verifier compares, extracted once from a sentence or from cited quotes. */
export interface TextFacts {
  dates: { values: string[] }[];
  codes: Set<string>;
  quantities: Quantity[];
  units: Set<string>;
  drugs: Set<string>;
  words: TokenisedText;
}

export function extractFacts(written: string): TextFacts {
  const text = foldWidth(written);
  const dates = findDates(text);
  const codes = findCodes(text);
  const quantities = findQuantities(text, [...dates, ...codes]);
  return {
    dates,
    codes: new Set(codes.map((c) => c.code)),
    quantities,
    units: new Set(quantities.flatMap((q) => (q.unit ? [q.unit] : []))),
    drugs: findDrugs(text),
    words: tokenise(text),
  };
}
