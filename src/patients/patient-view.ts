import type { PurposeOfUse } from '../audit/audit.service.js';
import type { Demographics } from './demographics.js';

export interface PatientView extends Demographics {
  id: string;
  assigningAuthority: string;
  createdAt: Date;
  updatedAt: Date;
  /** How the caller reaches this record: care team (`treatment`) or break-the-glass (`emergency`). */
  access?: PurposeOfUse;
}

export const toPatientView = (
  row: { id: string; assigningAuthority: string; createdAt: Date; updatedAt: Date },
  demographics: Demographics,
): PatientView => ({
  id: row.id,
  assigningAuthority: row.assigningAuthority,
  ...demographics,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * Case- and accent-insensitive word match of a free-text query against a patient's names. A name
 * written without spaces (Chinese: 王小明 is family 王 + given 小明) also matches as one word, family
 * name first or last.
 */
export function matchesName(demographics: Demographics, query: string): boolean {
  const fold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const { family, given } = demographics.name;
  const names = [family, ...given, `${family}${given.join('')}`, `${given.join('')}${family}`].map(fold);
  return fold(query)
    .split(/[\s,]+/)
    .filter(Boolean)
    .every((word) => names.some((name) => name.includes(word)));
}
