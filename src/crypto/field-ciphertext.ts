import { encodeAad, open, seal, type Key } from './aead.js';
import { DecryptionError } from './crypto-errors.js';

/**
 * Field ciphertext, format 1 or 2 (like Tink's key-id prefix, so old and new keys coexist):
 *   0x01|0x02 ‖ DEK version (u32 BE) ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)
 * The 5-byte header is authenticated with the AAD below. Format 2 is written for a place that names
 * `context` (further values the ciphertext is bound to) and binds them too; format 1 ciphertexts
 * (written before, or for places without context) still open. The format byte is itself in the
 * AAD, so a format 2 ciphertext cannot be passed off as format 1 to shed its context.
 */
export const FORMAT_V1 = 0x01;
export const FORMAT_V2 = 0x02;
const HEADER_BYTES = 5;

/** Where a ciphertext belongs. Moving it to another row, field, table or patient fails to decrypt. */
export interface FieldRef {
  table: string;
  rowId: string;
  field: string;
  /** Further values bound into the AAD (format 2), e.g. an entry version's entry id, number and kind. */
  context?: readonly string[];
}

export const fieldAad = (patientId: string, ref: FieldRef, header: Buffer) =>
  header[0] === FORMAT_V2
    ? encodeAad(
        'anamnesis/field/v2',
        patientId,
        ref.table,
        ref.rowId,
        ref.field,
        ...(ref.context ?? []),
        header,
      )
    : encodeAad('anamnesis/field/v1', patientId, ref.table, ref.rowId, ref.field, header);

function header(dekVersion: number, format: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes[0] = format;
  bytes.writeUInt32BE(dekVersion, 1);
  return bytes;
}

export function sealField(key: Key, dekVersion: number, patientId: string, ref: FieldRef, plaintext: Buffer) {
  const head = header(dekVersion, ref.context ? FORMAT_V2 : FORMAT_V1);
  return seal(key, plaintext, fieldAad(patientId, ref, head), head);
}

/** The DEK version a ciphertext names; malformed input is the uniform DecryptionError. */
export function dekVersionOf(ciphertext: Uint8Array | null | undefined): number {
  const format = ciphertext?.[0];
  if (!ciphertext || ciphertext.length < HEADER_BYTES || (format !== FORMAT_V1 && format !== FORMAT_V2))
    throw new DecryptionError();
  return Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength).readUInt32BE(1);
}

export function openField(key: Key, patientId: string, ref: FieldRef, ciphertext: Uint8Array): Buffer {
  const head = Buffer.from(ciphertext.subarray(0, HEADER_BYTES));
  return open(key, ciphertext, fieldAad(patientId, ref, head), HEADER_BYTES);
}
