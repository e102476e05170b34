import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaService } from '../database/prisma.service.js';
import { SecretBox } from './secret-box.js';

export const TOKEN_ALGORITHM = 'EdDSA';
/** kids we mint: 'k' + 24 hex chars. Anything else (paths, URLs, SQL) is refused before a lookup. */
export const KID_PATTERN = /^k[0-9a-f]{24}$/;
/** Unknown kids trigger a reload at most this often; known keys are re-read at least this often. */
const UNKNOWN_KID_RELOAD_MS = 5_000;
const REFRESH_MS = 60_000;

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

/**
 * EdDSA signing keys in `signing_keys`, private halves sealed (SecretBox). The newest unretired key
 * signs; a retired key still verifies until every token it signed has expired, then it is ignored.
 * Rotation happens on first use after start-up when the active key is older than
 * SIGNING_KEY_ROTATION_DAYS, or on demand (`rotate()`); other instances pick up a new kid the first time they see it.
 */
@Injectable()
export class SigningKeyStore {
  private readonly logger = new Logger(SigningKeyStore.name);
  private signer?: SigningKey;
  private verifiers = new Map<string, { key: CryptoKey; trustedUntil: number }>();
  private lastReload = 0;
  private ready?: Promise<void>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Lazily, on first use (building the OpenAPI document needs no database). */
  private ensureReady(): Promise<void> {
    this.ready ??= this.initialise().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async initialise(): Promise<void> {
    await this.rotateIfDue();
    await this.reload();
  }

  /** Creates a key when there is none or the active one has aged out; one instance does it (lock). */
  private async rotateIfDue(): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('anamnesis:signing-keys'))`;
      const active = await tx.signingKey.findFirst({
        where: { retiredAt: null },
        orderBy: { createdAt: 'desc' },
      });
      if (active && !this.isDue(active.createdAt)) return false;
      await this.createKey(tx);
      return true;
    });
  }

  private isDue(createdAt: Date): boolean {
    return Date.now() - createdAt.getTime() > this.config.SIGNING_KEY_ROTATION_DAYS * 86_400_000;
  }

  /** A new kid signs from now on; the previous one keeps verifying until its tokens expire. */
  async rotate(): Promise<string> {
    await this.ensureReady();
    const kid = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('anamnesis:signing-keys'))`;
      return this.createKey(tx);
    });
    await this.reload();
    return kid;
  }

  async signingKey(): Promise<SigningKey> {
    await this.ensureReady();
    if (!this.signer || Date.now() - this.lastReload > REFRESH_MS) await this.reload();
    return this.signer!;
  }

  /** The verification key for a kid, or undefined (unknown, malformed, or retired past token lifetime). */
  async verificationKey(kid: unknown): Promise<CryptoKey | undefined> {
    if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) return undefined;
    await this.ensureReady();
    const sinceReload = Date.now() - this.lastReload;
    if (sinceReload > REFRESH_MS || (!this.verifiers.has(kid) && sinceReload > UNKNOWN_KID_RELOAD_MS))
      await this.reload();
    const known = this.verifiers.get(kid);
    return known && known.trustedUntil > Date.now() ? known.key : undefined;
  }

  private async createKey(tx: Pick<PrismaService, 'signingKey'>): Promise<string> {
    const kid = `k${randomBytes(12).toString('hex')}`;
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, {
      crv: 'Ed25519',
      extractable: true,
    });
    const privateJwk = JSON.stringify(await exportJWK(privateKey));
    await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
    await tx.signingKey.create({
      data: {
        kid,
        algorithm: TOKEN_ALGORITHM,
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' },
        sealedPrivateJwk: await this.box.seal(privateJwk, `signing-key:${kid}`),
      },
    });
    this.logger.log(`new access-token signing key ${kid}`);
    return kid;
  }

  /** Re-reads the keys (rotation by another instance, retirement). Also runs every minute on use. */
  async reload(): Promise<void> {
    this.lastReload = Date.now();
    // Keys retired longer ago than a token can live can no longer have valid tokens out there.
    const graceMs = (this.config.ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    const oldest = new Date(Date.now() - graceMs);
    const rows = await this.prisma.signingKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: oldest } }] },
      orderBy: { createdAt: 'desc' },
    });
    const verifiers = new Map<string, { key: CryptoKey; trustedUntil: number }>();
    for (const row of rows)
      verifiers.set(row.kid, {
        key: (await importJWK(row.publicJwk as JWK, TOKEN_ALGORITHM)) as CryptoKey,
        trustedUntil: row.retiredAt ? row.retiredAt.getTime() + graceMs : Infinity,
      });
    const active = rows.find((row) => row.retiredAt === null);
    // A long-running instance rotates by age too (checked whenever keys are re-read).
    if (active && this.isDue(active.createdAt) && (await this.rotateIfDue())) return this.reload();
    if (active && this.signer?.kid !== active.kid) {
      const jwk = JSON.parse(
        await this.box.open(active.sealedPrivateJwk, `signing-key:${active.kid}`),
      ) as JWK;
      this.signer = { kid: active.kid, key: (await importJWK(jwk, TOKEN_ALGORITHM)) as CryptoKey };
    }
    this.verifiers = verifiers;
  }
}
