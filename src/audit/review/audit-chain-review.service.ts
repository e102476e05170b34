import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../common/caller.js';
import { AuditCheckpoints } from '../audit-checkpoints.js';
import { auditEvent } from '../audit-event.js';
import { AuditVerifier, type VerifyReport } from '../audit-verifier.js';
import { AuditService } from '../audit.service.js';

type Context = { actor: AuditActor; correlationId?: string };

/** Compliance's checks of the chain itself (verify, signed checkpoints); each one is audited. */
@Injectable()
export class AuditChainReviewService {
  constructor(
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: AuditCheckpoints,
    private readonly audit: AuditService,
  ) {}

  /** The whole chain (or what follows the latest checkpoint): `audit.verify`, failure when broken. */
  async verify(sinceLastCheckpoint: boolean, context: Context): Promise<VerifyReport> {
    const report = await this.verifier.verify({ sinceLastCheckpoint });
    await this.audit.record(
      auditEvent('audit.verify', {
        ...context,
        outcome: report.intact ? 'success' : 'failure',
        ids: [String(report.firstBad?.seq ?? report.lastSeq)],
      }),
    );
    return report;
  }

  /** Signed checkpoints and their public key: `audit.read` naming the checkpoints' sequence numbers. */
  async checkpointList(context: Context): ReturnType<AuditCheckpoints['list']> {
    const result = await this.checkpoints.list();
    await this.audit.record(
      auditEvent('audit.read', {
        ...context,
        ids: result.checkpoints.map((c) => String(c.seq)),
        entityType: 'AuditCheckpoint',
      }),
    );
    return result;
  }
}
