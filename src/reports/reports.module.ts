import { Module } from '@nestjs/common';
import { PatientAccessModule } from '../access/patient-access.module.js';
import { RecordsModule } from '../records/records.module.js';
import { PatientEvidenceService } from './evidence/patient-evidence.service.js';
import { ReportDrafter } from './report-drafter.js';
import { ReportStore } from './report-store.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Cited diagnosis-report drafts: generators, the citation verifier, lifecycle and exports. */
@Module({
  imports: [RecordsModule, PatientAccessModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportDrafter, ReportStore, PatientEvidenceService],
  exports: [ReportsService],
})
export class ReportsModule {}
