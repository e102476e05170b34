import { CHINESE_GENERICS } from '../drugs/chinese-drug-names.js';
import { CHINESE_CLASS_TERMS, CHINESE_LEXICON } from './chinese-lexicon.js';
import { CLINICAL_CLASSES, CLINICAL_LEXICON } from './english-lexicon.js';

export interface ClinicalClass {
  classTerms: readonly string[];
  members: readonly string[];
}

/**
 * The retrieval vocabulary in every language the project has lexicons for: the English groups
 * with the Chinese terms of the same meaning and the Chinese names of the drugs in them merged in
 * (a Chinese row whose English term is in no group starts a group of its own), and the classes
 * with their Chinese class names and the Chinese names of their members. An English question thus
 * reaches a Chinese note and the reverse.
 */
export function bilingualVocabulary(): { groups: string[][]; classes: ClinicalClass[] } {
  const groups = CLINICAL_LEXICON.map((group) => [...group]);
  const groupOf = new Map<string, number>();
  groups.forEach((group, index) => group.forEach((term) => groupOf.has(term) || groupOf.set(term, index)));
  const chineseOf = new Map<string, string[]>();
  const add = (english: string, chinese: readonly string[]) => {
    chineseOf.set(english, [...(chineseOf.get(english) ?? []), ...chinese]);
    const index = groupOf.get(english);
    if (index !== undefined) groups[index]!.push(...chinese);
    else groupOf.set(english, groups.push([english, ...chinese]) - 1);
  };
  for (const [english, ...chinese] of CHINESE_LEXICON) add(english!, chinese);
  for (const [chinese, english] of Object.entries(CHINESE_GENERICS)) add(english, [chinese]);
  const classes = CLINICAL_CLASSES.map((entry) => ({
    classTerms: [
      ...entry.classTerms,
      ...CHINESE_CLASS_TERMS.filter(([english]) => entry.classTerms.includes(english!)).flatMap(
        ([, ...chinese]) => chinese,
      ),
    ],
    members: [...entry.members, ...entry.members.flatMap((member) => chineseOf.get(member) ?? [])],
  }));
  return { groups, classes };
}
