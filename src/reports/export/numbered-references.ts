import type { Citation, ReportSection } from '../report.types.js';

/** Each distinct cited quote gets a number, in order of first use: [1], [2], … */
export interface NumberedReferences {
  numberOf(citation: Citation): number;
  list: { number: number; citation: Citation }[];
}

export function numberReferences(sections: ReportSection[]): NumberedReferences {
  const numbers = new Map<string, number>();
  const list: NumberedReferences['list'] = [];
  const key = (c: Citation) => `${c.entryId}:${c.start}:${c.end}`;
  for (const section of sections)
    for (const sentence of section.sentences)
      for (const citation of sentence.citations)
        if (!numbers.has(key(citation))) {
          numbers.set(key(citation), list.length + 1);
          list.push({ number: list.length + 1, citation });
        }
  return { numberOf: (c) => numbers.get(key(c)) ?? 0, list };
}
