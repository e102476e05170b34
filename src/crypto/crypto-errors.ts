import { DomainError } from '../common/errors/domain-error.js';

/**
 * The one error every failed decryption becomes: wrong key, wrong row/field/patient (AAD), a
 * flipped bit, a truncated tag, an empty or malformed value. Callers and logs never learn which.
 */
export class DecryptionError extends DomainError {
  constructor() {
    super('decryption_failed', 'encrypted data could not be decrypted', 500);
  }
}

/** The patient's data key was destroyed (crypto-shredding): nothing of theirs can be read or written. */
export class PatientErasedError extends DomainError {
  constructor() {
    super('patient_erased', 'the patient record has been erased', 410);
  }
}

/** A key-management problem the operator must fix (unknown or retired KEK version, bad key file). */
export class KeyManagementError extends DomainError {
  constructor(message: string) {
    super('key_management', message, 500);
  }
}
