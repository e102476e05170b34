import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { auditEvent } from '../audit/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { PrismaService } from '../database/prisma.service.js';
import { MIN_REASON_LENGTH, normaliseReason, sealReason, visibleLength } from './break-glass-reason.js';
import type { Caller } from './caller.js';
import { isUuid } from './patient-access.service.js';

export { MIN_REASON_LENGTH };

export interface BreakGlassGrantView {
  grantId: string;
  patientId: string;
  expiresAt: Date;
}

/**
 * Break-the-glass: emergency, time-boxed read/write access to ONE patient's record for a clinician
 * or nurse outside the care team. It grants nothing else (no audit, key or user administration:
 * those are role permissions, which a grant never changes). Audited as an emergency override and
 * alerted (a `breakglass.start` audit event, which compliance reviews, and a warning log line).
 * The reason is sealed under the patient's data key, never written in clear (not even into the
 * audit event, which cannot be erased): erasing the patient shreds it (break-glass-reason.ts).
 */
@Injectable()
export class BreakGlassService {
  private readonly logger = new Logger('BreakGlass');

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(patientId: string, reason: string, caller: Caller): Promise<BreakGlassGrantView> {
    // Zero-width and other invisible characters do not make a reason.
    if (visibleLength(reason) < MIN_REASON_LENGTH) {
      throw new DomainError(
        'reason_required',
        `reason: at least ${MIN_REASON_LENGTH} visible characters are required`,
      );
    }
    const grant = await this.prisma.$transaction(async (tx) => {
      const exists =
        isUuid(patientId) && (await tx.patient.count({ where: { id: patientId, erasedAt: null } }));
      if (!exists || !['clinician', 'nurse'].includes(caller.principal.role))
        throw new NotFoundError('patient');
      const id = randomUUID();
      const created = await tx.breakGlassGrant.create({
        data: {
          id,
          patientId,
          userId: caller.principal.userId,
          reasonCiphertext: await sealReason(this.cipher, patientId, id, normaliseReason(reason), tx),
          expiresAt: new Date(Date.now() + this.config.BREAK_GLASS_MINUTES * 60_000),
        },
      });
      await this.audit.record(
        auditEvent('breakglass.start', { ids: [created.id], patientId, purposeOfUse: 'emergency', caller }),
        tx,
      );
      return created;
    });
    // The alert: ids only (the reason stays in the audit trail).
    this.logger.warn(
      `ALERT break-the-glass grant ${grant.id}: user ${grant.userId} on patient ${grant.patientId} until ${grant.expiresAt.toISOString()}`,
    );
    return { grantId: grant.id, patientId: grant.patientId, expiresAt: grant.expiresAt };
  }
}
