import { encodeAad } from './aead.js';

/** What a wrapped key is bound to. The provider adds the KEK version it wrapped under. */
export const dekAad = (patientId: string, dekVersion: number) =>
  encodeAad('anamnesis/patient-dek/v1', patientId, dekVersion);

export const indexKeyAad = (version: number) => encodeAad('anamnesis/blind-index-key/v1', version);

/** The per-installation key behind the identity module's sealed secrets (signing keys, TOTP). */
export const authSecretKeyAad = (version: number) => encodeAad('anamnesis/auth-secret-key/v1', version);
