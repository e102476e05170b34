import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { KEY_BYTES } from './aead.js';
import { KEK_PROVIDER, type KekProvider } from './kek-provider.js';
import { indexKeyAad } from './key-aad.js';

/** What a blind index is for; each purpose gets its own HMAC domain, so tokens never cross. */
export type BlindIndexPurpose = 'mrn' | 'name-birthdate' | (string & {});

const INDEX_KEY_VERSION = 1;

/**
 * Blind indexes: HMAC-SHA-256 under a separate index key (itself wrapped under the KEK), for
 * exact-match lookups on encrypted values. What they leak is documented in README.md.
 */
@Injectable()
export class BlindIndexService {
  /** A KeyObject: HMAC under a raw Buffer key costs 5× more on Node 24 (its key-type check throws). */
  private indexKey?: Promise<KeyObject>;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(KEK_PROVIDER) private readonly kek: KekProvider,
  ) {}

  async compute(purpose: BlindIndexPurpose, normalisedValue: string): Promise<Buffer<ArrayBuffer>> {
    const key = await this.key();
    return createHmac('sha256', key)
      .update(`anamnesis/blind-index/v1\u0000${purpose}\u0000`)
      .update(normalisedValue, 'utf8')
      .digest();
  }

  /** Forget the cached key (after a rotation rewrapped it). */
  reset(): void {
    this.indexKey = undefined;
  }

  private key(): Promise<KeyObject> {
    this.indexKey ??= this.load().then(
      (key) => createSecretKey(key),
      (error: unknown) => {
        this.indexKey = undefined;
        throw error;
      },
    );
    return this.indexKey;
  }

  private async load(): Promise<Buffer> {
    let row = await this.prisma.blindIndexKey.findUnique({ where: { version: INDEX_KEY_VERSION } });
    if (!row) {
      const wrapped = await this.kek.wrap(randomBytes(KEY_BYTES), indexKeyAad(INDEX_KEY_VERSION));
      // Its own statement, outside any caller transaction: a rollback cannot lose a key in use.
      await this.prisma.$executeRaw`
        INSERT INTO "blind_index_keys" ("version", "kek_version", "wrapped_key")
        VALUES (${INDEX_KEY_VERSION}, ${wrapped.kekVersion}, ${wrapped.ciphertext})
        ON CONFLICT DO NOTHING`;
      row = await this.prisma.blindIndexKey.findUniqueOrThrow({ where: { version: INDEX_KEY_VERSION } });
    }
    return this.kek.unwrap(
      { kekVersion: row.kekVersion, ciphertext: Buffer.from(row.wrappedKey) },
      indexKeyAad(row.version),
    );
  }
}

/** MRN as compared: trimmed, case-insensitive. */
export const normaliseMrn = (mrn: string) => mrn.trim().toUpperCase();

/** Family name + first given name + birth date, accents, case and punctuation removed. */
export function normaliseNameBirthDate(family: string, given: string | undefined, birthDate: string): string {
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '');
  return `${clean(family)}|${clean(given ?? '')}|${birthDate}`;
}
