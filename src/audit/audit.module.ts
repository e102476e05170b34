import { Global, Module } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditController } from './audit.controller.js';
import { AuditDenials } from './audit-denials.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditService } from './audit.service.js';
import { AuditVerifier } from './audit-verifier.js';
import { CheckpointSigner } from './checkpoint-signer.js';
import { AuditExportService } from './review/audit-export.service.js';
import { AuditQueryService } from './review/audit-query.service.js';

/** The audit trail: every module records through AuditService (global); compliance review routes. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditSequencer,
    AuditDenials,
    CheckpointSigner,
    AuditCheckpoints,
    AuditVerifier,
    AuditQueryService,
    AuditExportService,
  ],
  exports: [AuditService, AuditSequencer, AuditVerifier, AuditCheckpoints],
})
export class AuditModule {}
