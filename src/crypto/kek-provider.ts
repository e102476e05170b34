/**
 * Where the key-encryption key (KEK) lives. The application never sees KEK bytes through this
 * interface: it hands over small secrets (data keys) to wrap and gets them back unwrapped, exactly
 * the shape of a KMS `Encrypt`/`Decrypt` or a Vault transit `encrypt`/`decrypt` call, so a remote
 * provider is a drop-in (see README.md).
 *
 * Every wrap is made under the provider's primary version, and the provider MUST bind that version
 * into the authenticated data, so a wrapped key relabelled with another version fails to unwrap.
 */
export interface WrappedKey {
  /** Opaque, stable id of the KEK version that wrapped this key (stored beside it). */
  kekVersion: string;
  ciphertext: Buffer<ArrayBuffer>;
}

export interface KekProvider {
  /** For logs and `keys:rotate` output: 'file', 'env', 'development', 'vault-transit', … */
  readonly kind: string;
  /** Whether `rotate()` can create a new version here (a read-only env key cannot). */
  readonly canRotate: boolean;
  primaryVersion(): string;
  /** Versions this provider can still unwrap with (primary included), retired ones excluded. */
  activeVersions(): string[];
  wrap(plaintext: Buffer, aad: Buffer): Promise<WrappedKey>;
  unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer>;
  /** Creates a new version and makes it primary; returns its id. Old versions keep unwrapping. */
  rotate(): Promise<string>;
  /** Stops unwrapping under `version` (called only after nothing is wrapped under it any more). */
  retire(version: string): Promise<void>;
}

export const KEK_PROVIDER = Symbol('KEK_PROVIDER');
