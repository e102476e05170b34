import type { HumanName } from '../api/types';

export function displayName(name: HumanName | undefined): string {
  if (!name) return 'Unnamed patient';
  return `${name.family.toUpperCase()}, ${name.given.join(' ')}`.trim();
}

export const SEX_LABEL: Record<string, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Unknown',
  M: 'Male',
  F: 'Female',
  O: 'Other',
  U: 'Unknown',
};
