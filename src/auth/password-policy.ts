import { DomainError } from '../common/errors/domain-error.js';
import { isCommonPassword } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export class WeakPasswordError extends DomainError {
  constructor(reason: string) {
    super('weak_password', reason, 400);
  }
}

/**
 * NIST SP 800-63B: length 12–128 (counted in code points), no composition rules, and refused when
 * it is a known common password or an obvious variant of one (src/auth/common-passwords.ts).
 */
export function assertAcceptablePassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    throw new WeakPasswordError(`password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH)
    throw new WeakPasswordError(`password must have at most ${PASSWORD_MAX_LENGTH} characters`);
  if (isCommonPassword(password))
    throw new WeakPasswordError('password is too common or too predictable; choose a longer, unusual phrase');
}
