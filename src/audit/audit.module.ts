import { Global, Module } from '@nestjs/common';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditService } from './audit.service.js';
import { AuditVerifier } from './audit-verifier.js';
import { CheckpointSigner } from './checkpoint-signer.js';

/** The audit trail: every module records through AuditService (global). */
@Global()
@Module({
  providers: [AuditService, CheckpointSigner, AuditCheckpoints, AuditVerifier],
  exports: [AuditService, AuditVerifier, AuditCheckpoints],
})
export class AuditModule {}
