import { DomainError } from '../common/errors/domain-error.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export class WeakPasswordError extends DomainError {
  constructor(reason: string) {
    super('weak_password', reason, 400);
  }
}

/** Length per NIST SP 800-63B; the common-password list check is added by the identity module. */
export function assertAcceptablePassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    throw new WeakPasswordError(`password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH)
    throw new WeakPasswordError(`password must have at most ${PASSWORD_MAX_LENGTH} characters`);
}
