import { Module, type DynamicModule, type Type } from '@nestjs/common';
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
import { BreakGlassReasons } from './review/break-glass-reasons.js';

/**
 * The audit trail: every module records through AuditService (global); compliance review routes.
 * The review shows break-the-glass reasons, which access/ seals under patient keys: the application
 * passes that opener in, so audit (a lower layer) imports neither access nor crypto.
 */
@Module({})
export class AuditModule {
  static forRoot(options: { breakGlassReasons: Type<BreakGlassReasons> }): DynamicModule {
    return {
      module: AuditModule,
      global: true,
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
        { provide: BreakGlassReasons, useClass: options.breakGlassReasons },
      ],
      exports: [AuditService, AuditSequencer, AuditVerifier, AuditCheckpoints],
    };
  }
}
