import { encodeAad, open, seal } from './aead.js';
import { DecryptionError } from './crypto-errors.js';

/**
 * Field ciphertext, format 1 (like Tink's key-id prefix, so old and new keys coexist):
 *   0x01 ‖ DEK version (u32 BE) ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)
 * The 5-byte header is authenticated with the AAD below.
 */
export const FORMAT_V1 = 0x01;
const HEADER_BYTES = 5;

/** Where a ciphertext belongs. Moving it to another row, field, table or patient fails to decrypt. */
export interface FieldRef {
  table: string;
  rowId: string;
  field: string;
}

export const fieldAad = (patientId: string, ref: FieldRef, header: Buffer) =>
  encodeAad('anamnesis/field/v1', patientId, ref.table, ref.rowId, ref.field, header);

function header(dekVersion: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes[0] = FORMAT_V1;
  bytes.writeUInt32BE(dekVersion, 1);
  return bytes;
}

export function sealField(
  key: Buffer,
  dekVersion: number,
  patientId: string,
  ref: FieldRef,
  plaintext: Buffer,
) {
  const head = header(dekVersion);
  return seal(key, plaintext, fieldAad(patientId, ref, head), head);
}

/** The DEK version a ciphertext names; malformed input is the uniform DecryptionError. */
export function dekVersionOf(ciphertext: Uint8Array | null | undefined): number {
  if (!ciphertext || ciphertext.length < HEADER_BYTES || ciphertext[0] !== FORMAT_V1)
    throw new DecryptionError();
  return Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength).readUInt32BE(1);
}

export function openField(key: Buffer, patientId: string, ref: FieldRef, ciphertext: Uint8Array): Buffer {
  const head = Buffer.from(ciphertext.subarray(0, HEADER_BYTES));
  return open(key, ciphertext, fieldAad(patientId, ref, head), HEADER_BYTES);
}
