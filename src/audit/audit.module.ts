import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** The audit trail: every module records through AuditService (global). */
@Global()
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
