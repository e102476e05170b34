import { Global, Module } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditController } from './audit.controller.js';
import { AuditDenials } from './audit-denials.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditService } from './audit.service.js';
import { AuditVerifier } from './audit-verifier.js';
import { AUDIT_WITNESS, witnessDir } from './audit-witness.js';
import { CheckpointSigner } from './checkpoint-signer.js';
import { FileAuditWitness } from './file-audit-witness.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { AuditChainReviewService } from './review/audit-chain-review.service.js';
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
    {
      provide: AUDIT_WITNESS,
      useFactory: (config: AppConfig) => new FileAuditWitness(witnessDir(config)),
      inject: [APP_CONFIG],
    },
    AuditCheckpoints,
    AuditVerifier,
    AuditQueryService,
    AuditExportService,
    AuditChainReviewService,
  ],
  exports: [AuditService, AuditSequencer, AuditVerifier, AuditCheckpoints],
})
export class AuditModule {}
