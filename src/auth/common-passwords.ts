import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../database/paths.js';

const LIST_FILE = join(PROJECT_ROOT, 'src', 'auth', 'common-passwords', 'common-passwords.txt');

let list: Set<string> | undefined;

/** The shipped list (see the file's header for its source), loaded once. */
export function commonPasswords(): Set<string> {
  list ??= new Set(
    readFileSync(LIST_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return list;
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/**
 * True for a listed password and for the usual disguises of one: any case, leetspeak, digits or
 * symbols added around a listed word ("Password2024!"), a listed word repeated, or one character
 * or an ascending/descending run repeated ("aaaaaaaaaaaa", "123456789012").
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const candidates = [core, [...lower].map((c) => LEET[c] ?? c).join('')];
  for (const candidate of candidates) {
    if (candidate.length >= 4 && list.has(candidate)) return true;
    const half = candidate.length / 2;
    if (candidate.length >= 8 && Number.isInteger(half) && candidate.slice(0, half) === candidate.slice(half))
      if (list.has(candidate.slice(0, half))) return true;
  }
  return isTrivialRun(lower);
}

function isTrivialRun(text: string): boolean {
  const codes = [...text].map((c) => c.codePointAt(0)!);
  const steps = new Set(codes.slice(1).map((code, i) => code - codes[i]!));
  // One character repeated, or one step throughout (abcdef…, 123456…, 987…), wrapping 9→0 allowed.
  return steps.size === 1 || [...steps].every((step) => step === 1 || step === -9);
}
