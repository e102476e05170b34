import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { authSecretKeyAad } from '../crypto/key-aad.js';
import { KEK_PROVIDER, type KekProvider } from '../crypto/kek-provider.js';
import { PrismaService } from '../database/prisma.service.js';

const VERSION = 1;
export { authSecretKeyAad };

/**
 * The 256-bit key behind SecretBox, made once per installation and stored wrapped under the KEK
 * (`auth_secret_keys`), exactly like a patient DEK. At first use each process unwraps it and, when
 * it is wrapped under an older KEK version than the primary, rewraps it under the primary.
 * `keys:rotate` (KeyRotationService) rewraps it too before it retires a KEK version.
 */
@Injectable()
export class AuthSecretKey {
  private readonly logger = new Logger('AuthSecretKey');
  private loaded?: Promise<Buffer>;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(KEK_PROVIDER) private readonly kek: KekProvider,
  ) {}

  key(): Promise<Buffer> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async load(): Promise<Buffer> {
    const aad = authSecretKeyAad(VERSION);
    let row = await this.prisma.authSecretKey.findUnique({ where: { version: VERSION } });
    if (!row) {
      const wrapped = await this.kek.wrap(randomBytes(32), aad);
      // Two instances starting at once: the first insert wins, both then read the same row.
      await this.prisma.authSecretKey.createMany({
        data: [{ version: VERSION, kekVersion: wrapped.kekVersion, wrappedKey: wrapped.ciphertext }],
        skipDuplicates: true,
      });
      row = await this.prisma.authSecretKey.findUniqueOrThrow({ where: { version: VERSION } });
    }
    const key = await this.kek.unwrap(
      { kekVersion: row.kekVersion, ciphertext: Buffer.from(row.wrappedKey) },
      aad,
    );
    if (row.kekVersion !== this.kek.primaryVersion()) {
      const rewrapped = await this.kek.wrap(key, aad);
      await this.prisma.authSecretKey.updateMany({
        where: { version: VERSION, kekVersion: row.kekVersion },
        data: { kekVersion: rewrapped.kekVersion, wrappedKey: rewrapped.ciphertext },
      });
      this.logger.log(`auth secret key rewrapped under KEK ${rewrapped.kekVersion}`);
    }
    return key;
  }
}
