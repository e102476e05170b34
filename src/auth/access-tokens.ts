import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, type JWTHeaderParameters } from 'jose';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { Role } from '../generated/prisma/enums.js';
import { SigningKeyStore, TOKEN_ALGORITHM } from './signing-key-store.js';

export const TOKEN_ISSUER = 'anamnesis';
export const TOKEN_AUDIENCE = 'anamnesis-api';
/** RFC 9068 access-token type: a refresh token or an id token can never pass as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
const CLOCK_TOLERANCE_S = 5;

/** `mfa-enrolment`: the password was right but MFA is required and not yet set up (README). */
export type TokenScope = 'full' | 'mfa-enrolment';

export interface AccessTokenClaims {
  userId: string;
  role: Role;
  sessionId: string;
  tokenVersion: number;
  scope: TokenScope;
}

export class InvalidTokenError extends Error {}

/**
 * Short-lived EdDSA JWTs with a kid. Verification pins the algorithm, issuer, audience, `typ`
 * and requires exp/nbf/iat; a header that brings its own key (`jwk`, `jku`, `x5u`, `x5c`) is refused.
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeyStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(claims: AccessTokenClaims): Promise<string> {
    const { kid, key } = await this.keys.signingKey();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sid: claims.sessionId,
      ver: claims.tokenVersion,
      role: claims.role,
      scope: claims.scope,
    })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(claims.userId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(key);
  }

  /**
   * Whether the key that signed an already verified token is still trusted: a token served from the
   * verified-token cache stops working when its signing key is retired past token lifetime.
   */
  async signerStillTrusted(token: string): Promise<boolean> {
    let kid: unknown;
    try {
      kid = (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid?: unknown })
        .kid;
    } catch {
      return false;
    }
    return (await this.keys.verificationKey(kid)) !== undefined;
  }

  /** The token's claims, or InvalidTokenError for anything that is not exactly one of ours. */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.keyFor(header), {
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ['exp', 'nbf', 'iat', 'sub', 'jti', 'sid', 'ver'],
        clockTolerance: CLOCK_TOLERANCE_S,
        maxTokenAge: this.ttlSeconds + CLOCK_TOLERANCE_S,
      });
      const { sub, sid, ver, role, scope } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || !Number.isInteger(ver))
        throw new InvalidTokenError('malformed claims');
      if (scope !== 'full' && scope !== 'mfa-enrolment') throw new InvalidTokenError('malformed scope');
      return { userId: sub, sessionId: sid, tokenVersion: ver as number, role: role as Role, scope };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError((error as Error).name ?? 'invalid token');
    }
  }

  private async keyFor(header: JWTHeaderParameters) {
    if (header.jwk || header.jku || header.x5u || header.x5c)
      throw new InvalidTokenError('embedded key refused');
    const key = await this.keys.verificationKey(header.kid);
    if (!key) throw new InvalidTokenError('unknown kid');
    return key;
  }
}
