import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { ConflictError, DomainError } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { SecretBox } from './secret-box.js';
import { sha256 } from './sessions.service.js';

export const TOTP_ISSUER = 'Anamnesis';
const RECOVERY_CODE_COUNT = 10;
/** ±1 time step (30 s) for clock drift, as RFC 6238 §5.2 suggests. */
const EPOCH_TOLERANCE_S = 30;

export interface MfaEnrolment {
  otpauthUri: string;
  qrDataUrl: string;
  secret: string;
}

export class InvalidMfaCodeError extends DomainError {
  constructor() {
    super('mfa_invalid', 'the verification code is not valid', 400);
  }
}

const secretAad = (userId: string) => `mfa-secret:${userId}`;
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * TOTP (RFC 6238 via otplib): enrol stores a sealed secret, confirm switches MFA on and returns ten
 * one-time recovery codes (only their SHA-256 is kept). A TOTP code is accepted once (the last time
 * step is remembered); a recovery code once.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly box: SecretBox,
  ) {}

  async startEnrolment(userId: string, tx: Prisma.TransactionClient): Promise<MfaEnrolment> {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, mfaEnabledAt: true },
    });
    if (user.mfaEnabledAt) throw new ConflictError('multi-factor authentication is already set up');
    const secret = generateSecret();
    await tx.user.update({
      where: { id: userId },
      data: { mfaSecret: await this.box.seal(secret, secretAad(userId)) },
    });
    const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: user.email, secret });
    return { otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri), secret };
  }

  /** Checks the first code from the authenticator, enables MFA, returns fresh recovery codes. */
  async confirm(userId: string, code: string, tx: Prisma.TransactionClient): Promise<string[]> {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (user.mfaEnabledAt) throw new ConflictError('multi-factor authentication is already set up');
    if (!user.mfaSecret) throw new DomainError('mfa_not_enrolling', 'start enrolment first', 409);
    const step = await this.totpStep(userId, user.mfaSecret, code, null);
    if (step === undefined) throw new InvalidMfaCodeError();
    await tx.user.update({
      where: { id: userId },
      data: { mfaEnabledAt: new Date(), mfaLastTimeStep: step },
    });
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    });
    await tx.mfaRecoveryCode.createMany({
      data: codes.map((c) => ({ userId, codeHash: sha256(normaliseRecoveryCode(c)) })),
    });
    return codes;
  }

  /** A login's second factor: a TOTP code (never the same step twice) or an unused recovery code. */
  async verifyLoginCode(userId: string, code: string): Promise<'totp' | 'recovery-code' | undefined> {
    if (/^\d{6}$/.test(code)) {
      const user = await this.prisma.user.findUniqueOrThrow({ where: { id: userId } });
      if (!user.mfaSecret || !user.mfaEnabledAt) return undefined;
      const step = await this.totpStep(userId, user.mfaSecret, code, user.mfaLastTimeStep);
      if (step === undefined) return undefined;
      // Compare-and-set so two concurrent logins cannot both spend the same code.
      const claimed = await this.prisma.user.updateMany({
        where: { id: userId, OR: [{ mfaLastTimeStep: null }, { mfaLastTimeStep: { lt: step } }] },
        data: { mfaLastTimeStep: step },
      });
      return claimed.count === 1 ? 'totp' : undefined;
    }
    const spent = await this.prisma.mfaRecoveryCode.updateMany({
      where: { userId, codeHash: sha256(normaliseRecoveryCode(code)), usedAt: null },
      data: { usedAt: new Date() },
    });
    return spent.count === 1 ? 'recovery-code' : undefined;
  }

  /** Admin reset: the user enrols again at next login (required roles get an enrolment-only session). */
  async reset(userId: string, tx: Prisma.TransactionClient): Promise<void> {
    await tx.user.update({
      where: { id: userId },
      data: { mfaSecret: null, mfaEnabledAt: null, mfaLastTimeStep: null },
    });
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  }

  private async totpStep(userId: string, sealed: string, code: string, after: number | null) {
    if (!/^\d{6}$/.test(code)) return undefined;
    const secret = await this.box.open(sealed, secretAad(userId));
    const result = await verify({
      secret,
      token: code,
      epochTolerance: EPOCH_TOLERANCE_S,
      ...(after === null ? {} : { afterTimeStep: after }),
    }).catch(() => ({ valid: false as const }));
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }
}
