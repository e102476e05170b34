import { Module, type OnModuleInit } from '@nestjs/common';
import { PatientAccessModule } from '../access/patient-access.module.js';
import { PatientErasureService } from '../patients/patient-erasure.service.js';
import { RecordsModule } from '../records/records.module.js';
import { PatientEvidenceService } from './evidence/patient-evidence.service.js';
import { PdfReportExporter } from './export/pdf-export.js';
import { ReportDrafter } from './report-drafter.js';
import { ReportStore } from './report-store.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Cited diagnosis-report drafts: generators, the citation verifier, lifecycle and exports. */
@Module({
  imports: [RecordsModule, PatientAccessModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportDrafter, ReportStore, PatientEvidenceService, PdfReportExporter],
  exports: [ReportsService, PatientEvidenceService],
})
export class ReportsModule implements OnModuleInit {
  constructor(
    private readonly erasure: PatientErasureService,
    private readonly evidence: PatientEvidenceService,
  ) {}

  /** Erasure: reports are unreadable with the destroyed DEK; decrypted evidence leaves memory now. */
  onModuleInit(): void {
    this.erasure.onErase(async (patientId) => this.evidence.forget(patientId));
  }
}
