import { createCipheriv, createDecipheriv, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { DecryptionError } from './crypto-errors.js';

/** AES-256-GCM primitives from node:crypto. Output layout: nonce (12) ‖ ciphertext ‖ tag (16). */
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** A raw key, or one already wrapped (`secretKey`) for many fields in a row. */
export type Key = Buffer | KeyObject;

/**
 * Node 24 checks a raw key Buffer for being a KeyObject by catching a throw, which costs more than
 * AES-GCM on a small field; wrapping it first halves the cost of a seal (measured: 19 → 9 µs).
 * Callers opening or sealing many fields wrap once (`secretKey`) and pass the KeyObject.
 */
export const secretKey = (key: Key): KeyObject => (key instanceof KeyObject ? key : createSecretKey(key));
const keyBytes = (key: Key) => (key instanceof KeyObject ? (key.symmetricKeySize ?? 0) : key.length);

export function seal(key: Key, plaintext: Buffer, aad: Buffer, prefix?: Buffer): Buffer<ArrayBuffer> {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secretKey(key), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const final = cipher.final();
  const parts = [nonce, body, final, cipher.getAuthTag()];
  return Buffer.concat(prefix ? [prefix, ...parts] : parts);
}

/** Opens `sealed` (starting at `offset`); any failure is the one uniform DecryptionError. */
export function open(key: Key, sealed: Uint8Array, aad: Buffer, offset = 0): Buffer {
  if (keyBytes(key) !== KEY_BYTES || sealed.length < offset + NONCE_BYTES + TAG_BYTES)
    throw new DecryptionError();
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  try {
    const nonce = data.subarray(offset, offset + NONCE_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', secretKey(key), nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const plain = decipher.update(data.subarray(offset + NONCE_BYTES, data.length - TAG_BYTES));
    const rest = decipher.final(); // verifies the tag (throws) before anything is returned
    // GCM has no trailing block: `rest` is empty, and concatenating would copy the plaintext again
    // (1.4 MB for a large patient's memory snapshot).
    return rest.length ? Buffer.concat([plain, rest]) : plain;
  } catch {
    throw new DecryptionError();
  }
}

/** Unambiguous AAD: a domain label, then each part length-prefixed (u32 BE), so no two tuples collide. */
export function encodeAad(label: string, ...parts: (string | number | Buffer)[]): Buffer {
  // Written into one buffer (measured on a timeline page: a buffer per part and a concat cost 5 %
  // of the request).
  const all = [label, ...parts];
  const size = all.reduce<number>(
    (sum, part) => sum + 4 + (Buffer.isBuffer(part) ? part.length : Buffer.byteLength(String(part), 'utf8')),
    0,
  );
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of all) {
    const length = Buffer.isBuffer(part) ? part.copy(out, at + 4) : out.write(String(part), at + 4, 'utf8');
    out.writeUInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}
