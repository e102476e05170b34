/** Han characters (Chinese; also Japanese kanji), the script whose names are written family name first, unspaced. */
const HAN = /\p{Script=Han}/u;

/**
 * A patient's name as the name's own script writes it: Chinese names family name first with no comma
 * and no space (王小明), Latin names "FAMILY, Given". Null when there is no name.
 */
/** A patient's name parts (the API's HumanName); declared here so the helper has no imports (tests load it in Node). */
interface NameParts {
  family: string;
  given: string[];
}

export function displayName(name: NameParts | undefined): string | null {
  if (!name) return null;
  const given = name.given.filter(Boolean);
  if (HAN.test(name.family) || given.some((part) => HAN.test(part)))
    return `${name.family.trim()}${given.map((part) => part.trim()).join('')}` || null;
  const family = name.family.trim().toUpperCase();
  const rest = given.join(' ').trim();
  return (family && rest ? `${family}, ${rest}` : family || rest) || null;
}

/** HL7 (M/F/O/U) and FHIR codes for sex, as catalogue keys (`patient.sex.*`). */
const SEX_KEY = {
  male: 'male',
  female: 'female',
  other: 'other',
  unknown: 'unknown',
  M: 'male',
  F: 'female',
  O: 'other',
  U: 'unknown',
} as const;
export type SexKey = (typeof SEX_KEY)[keyof typeof SEX_KEY];

export const sexKey = (sex: string): SexKey | undefined =>
  Object.hasOwn(SEX_KEY, sex) ? SEX_KEY[sex as keyof typeof SEX_KEY] : undefined;
