import type { ReportStatus } from '../generated/prisma/enums.js';
import type { StoredReport } from './report-store.js';
import type { GeneratorKind, ReportSection } from './report.types.js';

/** What the API returns for a report (CONTRACT.md). */
export interface ReportView {
  id: string;
  patientId: string;
  question: string;
  status: ReportStatus;
  generator: GeneratorKind;
  fallbackReason?: string;
  sections: ReportSection[];
  revision: number;
  unsupportedCount: number;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
  signedById: string | null;
  signedAt: Date | null;
  signedDigest: string | null;
}

export function toReportView({ row, content }: StoredReport): ReportView {
  return {
    id: row.id,
    patientId: row.patientId,
    question: content.question,
    status: row.status,
    generator: content.generator,
    ...(content.fallbackReason ? { fallbackReason: content.fallbackReason } : {}),
    sections: content.sections,
    revision: row.revision,
    unsupportedCount: row.unsupportedCount,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    signedById: row.signedById,
    signedAt: row.signedAt,
    signedDigest: row.signedDigest,
  };
}
