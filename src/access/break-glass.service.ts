import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PrismaService } from '../database/prisma.service.js';
import { auditOf, type Caller } from './caller.js';
import { isUuid } from './patient-access.service.js';

export const MIN_REASON_LENGTH = 10;

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
 */
@Injectable()
export class BreakGlassService {
  private readonly logger = new Logger('BreakGlass');

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(patientId: string, reason: string, caller: Caller): Promise<BreakGlassGrantView> {
    const trimmed = reason.trim();
    if (trimmed.length < MIN_REASON_LENGTH) {
      throw new DomainError(
        'reason_required',
        `reason: at least ${MIN_REASON_LENGTH} characters are required`,
      );
    }
    const grant = await this.prisma.$transaction(async (tx) => {
      const exists =
        isUuid(patientId) && (await tx.patient.count({ where: { id: patientId, erasedAt: null } }));
      if (!exists || !['clinician', 'nurse'].includes(caller.principal.role))
        throw new NotFoundError('patient');
      const created = await tx.breakGlassGrant.create({
        data: {
          patientId,
          userId: caller.principal.userId,
          reason: trimmed,
          expiresAt: new Date(Date.now() + this.config.BREAK_GLASS_MINUTES * 60_000),
        },
      });
      await this.audit.record(
        {
          type: 'breakglass.start',
          action: 'E',
          outcome: 'success',
          patientId,
          entity: { type: 'BreakGlassGrant', ids: [created.id] },
          purposeOfUse: 'emergency',
          reason: trimmed,
          ...auditOf(caller),
        },
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
