import { statSync } from 'node:fs';
import { encodeAad, open, seal } from './aead.js';
import { KeyManagementError } from './crypto-errors.js';
import type { KekProvider, WrappedKey } from './kek-provider.js';
import { newKeyringKey, readKeyringFile, writeKeyringFile, type Keyring } from './local-keyring.js';

/**
 * KEK held in this process: from KEK_FILE (a keyring file `keys:rotate` can extend), KEK_BASE64
 * (read-only) or the development key generated into DATA_DIR. Wrapping is AES-256-GCM with the
 * caller's AAD plus the KEK version id.
 */
export class LocalKekProvider implements KekProvider {
  constructor(
    readonly kind: 'file' | 'env' | 'development',
    private keyring: Keyring,
    /** The keyring file rotation writes to; absent for the read-only env provider. */
    private readonly path?: string,
  ) {
    if (path) this.loadedMtime = mtime(path);
  }

  private loadedMtime = 0;

  get canRotate(): boolean {
    return this.path !== undefined;
  }

  primaryVersion(): string {
    return this.keyring.primary;
  }

  activeVersions(): string[] {
    return this.keyring.keys.filter((k) => !k.retiredAt).map((k) => k.id);
  }

  async wrap(plaintext: Buffer, aad: Buffer): Promise<WrappedKey> {
    this.reloadIfChanged();
    const version = this.keyring.primary;
    return { kekVersion: version, ciphertext: seal(this.key(version), plaintext, bind(aad, version)) };
  }

  async unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer> {
    if (!this.activeVersions().includes(wrapped.kekVersion)) this.reload();
    return open(this.key(wrapped.kekVersion), wrapped.ciphertext, bind(aad, wrapped.kekVersion));
  }

  async rotate(): Promise<string> {
    if (!this.path) {
      throw new KeyManagementError(
        'KEK_BASE64 is read-only: put a new key first in KEK_BASE64 ("new,old") and run keys:rotate to rewrap',
      );
    }
    this.reload();
    const key = newKeyringKey();
    this.keyring = { primary: key.id, keys: [...this.keyring.keys, key] };
    writeKeyringFile(this.path, this.keyring);
    return key.id;
  }

  async retire(version: string): Promise<void> {
    if (version === this.keyring.primary) throw new KeyManagementError('the primary KEK cannot be retired');
    this.keyring = {
      ...this.keyring,
      keys: this.keyring.keys.map((k) =>
        k.id === version && !k.retiredAt ? { ...k, retiredAt: new Date().toISOString() } : k,
      ),
    };
    if (this.path) writeKeyringFile(this.path, this.keyring);
  }

  /** Another process (keys:rotate) may have extended the keyring file since we read it. */
  private reload(): void {
    if (!this.path) return;
    this.keyring = readKeyringFile(this.path);
    this.loadedMtime = mtime(this.path);
  }

  /** New keys are wrapped under the newest primary even when keys:rotate ran in another process. */
  private reloadIfChanged(): void {
    if (this.path && mtime(this.path) !== this.loadedMtime) this.reload();
  }

  private key(version: string): Buffer {
    const entry = this.keyring.keys.find((k) => k.id === version && !k.retiredAt);
    if (!entry) throw new KeyManagementError(`KEK version ${version} is not available`);
    return entry.key;
  }
}

const bind = (aad: Buffer, version: string) => encodeAad('anamnesis/kek-wrap/v1', aad, version);

const mtime = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};
