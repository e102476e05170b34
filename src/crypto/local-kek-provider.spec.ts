import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, KeyManagementError } from './crypto-errors.js';
import { createKekProvider, devKeyringPath } from './kek-provider.factory.js';
import { kekId } from './local-keyring.js';

const quiet = { warn: jest.fn() };
const dir = () => mkdtempSync(join(tmpdir(), 'anamnesis-kek-'));
const aad = Buffer.from('patient-1');

describe('local KEK providers', () => {
  it('wraps and unwraps any key; the AAD and the version label are bound', async () => {
    const provider = createKekProvider(
      { NODE_ENV: 'test', DATA_DIR: dir(), KEK_BASE64: randomBytes(32).toString('base64') },
      quiet,
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (secret) => {
        const wrapped = await provider.wrap(Buffer.from(secret), aad);
        expect((await provider.unwrap(wrapped, aad)).equals(Buffer.from(secret))).toBe(true);
        await expect(provider.unwrap(wrapped, Buffer.from('patient-2'))).rejects.toThrow(DecryptionError);
      }),
      { numRuns: 30 },
    );
  });

  it('generates a 0600 development key with a loud warning, and reuses it', () => {
    const dataDir = dir();
    const warn = jest.fn();
    const first = createKekProvider({ NODE_ENV: 'development', DATA_DIR: dataDir }, { warn });
    expect(warn.mock.calls[0]![0]).toMatch(/DEVELOPMENT KEY/);
    expect(statSync(devKeyringPath(dataDir)).mode & 0o777).toBe(0o600);
    const second = createKekProvider({ NODE_ENV: 'development', DATA_DIR: dataDir }, { warn });
    expect(second.primaryVersion()).toBe(first.primaryVersion());
  });

  it('refuses to generate a key in production', () => {
    expect(() => createKekProvider({ NODE_ENV: 'production', DATA_DIR: dir() }, quiet)).toThrow(
      KeyManagementError,
    );
  });

  it('reads KEK_FILE as raw bytes or base64, with a fingerprint version id', () => {
    const key = randomBytes(32);
    const raw = join(dir(), 'kek.bin');
    writeFileSync(raw, key);
    const text = join(dir(), 'kek.txt');
    writeFileSync(text, `${key.toString('base64')}\n`);
    for (const file of [raw, text]) {
      expect(
        createKekProvider(
          { NODE_ENV: 'production', DATA_DIR: dir(), KEK_FILE: file },
          quiet,
        ).primaryVersion(),
      ).toBe(kekId(key));
    }
    writeFileSync(text, 'too short');
    expect(() => createKekProvider({ NODE_ENV: 'test', DATA_DIR: dir(), KEK_FILE: text }, quiet)).toThrow(
      /32 bytes/,
    );
  });

  it('rotates a keyring file: new primary, old keys still unwrap until retired', async () => {
    const file = join(dir(), 'kek.bin');
    writeFileSync(file, randomBytes(32));
    const provider = createKekProvider({ NODE_ENV: 'test', DATA_DIR: dir(), KEK_FILE: file }, quiet);
    const old = await provider.wrap(Buffer.from('dek'), aad);
    const version = await provider.rotate();
    expect(provider.primaryVersion()).toBe(version);
    expect((await provider.wrap(Buffer.from('dek'), aad)).kekVersion).toBe(version);
    expect((await provider.unwrap(old, aad)).toString()).toBe('dek');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).toHaveLength(2);
    // Another process sees the rotation.
    const other = createKekProvider({ NODE_ENV: 'test', DATA_DIR: dir(), KEK_FILE: file }, quiet);
    expect(other.primaryVersion()).toBe(version);
    await provider.retire(old.kekVersion);
    await expect(provider.unwrap(old, aad)).rejects.toThrow(KeyManagementError);
    await expect(provider.retire(version)).rejects.toThrow(/primary/);
  });

  it('rejects a wrapped key relabelled with another KEK version', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const provider = createKekProvider(
      { NODE_ENV: 'test', DATA_DIR: dir(), KEK_BASE64: `${a.toString('base64')},${b.toString('base64')}` },
      quiet,
    );
    expect(provider.activeVersions()).toEqual([kekId(a), kekId(b)]);
    const wrapped = await provider.wrap(Buffer.from('dek'), aad);
    await expect(provider.unwrap({ ...wrapped, kekVersion: kekId(b) }, aad)).rejects.toThrow(DecryptionError);
    await expect(provider.rotate()).rejects.toThrow(/read-only/);
  });
});
