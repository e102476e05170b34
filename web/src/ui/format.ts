import type { HumanName } from '../api/types';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const valid = (value: string | number | Date) => !Number.isNaN(new Date(value).getTime());
export const formatDate = (value: string | number | Date) =>
  valid(value) ? dateFormat.format(new Date(value)) : '—';
export const formatTime = (value: string | number | Date) =>
  valid(value) ? timeFormat.format(new Date(value)) : '—';
export const formatDateTime = (value: string | number | Date) =>
  valid(value) ? dateTimeFormat.format(new Date(value)) : '—';

/** Local calendar day (YYYY-MM-DD) for grouping a timeline. */
export function dayKey(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return 'unknown';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function displayName(name: HumanName | undefined): string {
  if (!name) return 'Unnamed patient';
  return `${name.family.toUpperCase()}, ${name.given.join(' ')}`.trim();
}

export function ageOn(birthDate: string, today = new Date()): number | null {
  const birth = new Date(birthDate);
  if (Number.isNaN(birth.getTime())) return null;
  let age = today.getFullYear() - birth.getFullYear();
  const beforeBirthday =
    today.getMonth() < birth.getMonth() ||
    (today.getMonth() === birth.getMonth() && today.getDate() < birth.getDate());
  if (beforeBirthday) age -= 1;
  return age;
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
