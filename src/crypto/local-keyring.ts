import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KEY_BYTES } from './aead.js';
import { KeyManagementError } from './crypto-errors.js';

/** One KEK version of a local keyring. The id is a fingerprint, so it is stable and self-checking. */
export interface KeyringKey {
  id: string;
  key: Buffer;
  createdAt: string;
  retiredAt?: string;
}

export interface Keyring {
  primary: string;
  keys: KeyringKey[];
}

const FORMAT = 'anamnesis-keyring/1';

/** A key's version id: 64 bits of HMAC(key, label). Reveals nothing usable about the key. */
export const kekId = (key: Buffer) =>
  `kek-${createHmac('sha256', key).update('anamnesis kek version id').digest('hex').slice(0, 16)}`;

export function keyringKey(key: Buffer, createdAt = new Date().toISOString()): KeyringKey {
  if (key.length !== KEY_BYTES) throw new KeyManagementError(`a KEK must be ${KEY_BYTES} bytes`);
  return { id: kekId(key), key, createdAt };
}

export const newKeyringKey = () => keyringKey(randomBytes(KEY_BYTES));

function decodeBase64Key(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new KeyManagementError(`${source} must hold ${KEY_BYTES} bytes (base64)`);
  return key;
}

/** KEK_BASE64: one base64 key, or several separated by commas, the first being primary. */
export function keyringFromBase64List(value: string): Keyring {
  const keys = value
    .split(',')
    .filter((part) => part.trim())
    .map((part) => keyringKey(decodeBase64Key(part, 'KEK_BASE64')));
  if (!keys.length) throw new KeyManagementError('KEK_BASE64 holds no key');
  return { primary: keys[0]!.id, keys };
}

/** KEK_FILE: 32 raw bytes, base64 text of 32 bytes, or a keyring JSON written by `keys:rotate`. */
export function readKeyringFile(path: string): Keyring {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    throw new KeyManagementError('KEK_FILE cannot be read');
  }
  if (raw.length === KEY_BYTES) return single(keyringKey(raw));
  const text = raw.toString('utf8').trim();
  if (!text.startsWith('{')) return single(keyringKey(decodeBase64Key(text, 'KEK_FILE')));
  try {
    const parsed = JSON.parse(text) as {
      format: string;
      primary: string;
      keys: { id: string; key: string; createdAt: string; retiredAt?: string }[];
    };
    if (parsed.format !== FORMAT) throw new Error('format');
    const keys = parsed.keys.map((entry) => {
      const key = keyringKey(decodeBase64Key(entry.key, 'KEK_FILE'), entry.createdAt);
      if (key.id !== entry.id) throw new Error('fingerprint');
      return { ...key, ...(entry.retiredAt ? { retiredAt: entry.retiredAt } : {}) };
    });
    if (!keys.some((key) => key.id === parsed.primary && !key.retiredAt)) throw new Error('primary');
    return { primary: parsed.primary, keys };
  } catch (error) {
    if (error instanceof KeyManagementError) throw error;
    throw new KeyManagementError('KEK_FILE is not a valid key or keyring');
  }
}

const single = (key: KeyringKey): Keyring => ({ primary: key.id, keys: [key] });

/** Atomic write (temp file + rename), owner-only (0600) in an owner-only folder when we create it. */
export function writeKeyringFile(path: string, keyring: Keyring): void {
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const json = JSON.stringify(
    {
      format: FORMAT,
      primary: keyring.primary,
      keys: keyring.keys.map((k) => ({
        id: k.id,
        key: k.key.toString('base64'),
        createdAt: k.createdAt,
        ...(k.retiredAt ? { retiredAt: k.retiredAt } : {}),
      })),
    },
    null,
    2,
  );
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${json}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
