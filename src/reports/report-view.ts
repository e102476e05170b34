import type { ReportStatus } from '../generated/prisma/enums.js';
import type { StoredReport } from './report-store.js';
import type { GeneratorKind, ReportSection } from './report.types.js';
import type { MemoryTrace } from './trace/memory-trace.js';

/** One line of a patient's reports list (`GET /patients/:id/reports`): no sections, no trace. */
export interface ReportSummary {
  id: string;
  question: string;
  status: ReportStatus;
  generator: GeneratorKind;
  unsupportedCount: number;
  revision: number;
  createdById: string;
  /** The author's display name (src/users/user-names.ts); null for an id no user has. */
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
  signedById: string | null;
  signedByName: string | null;
  signedAt: Date | null;
}

/** What the API returns for a report (`ReportDto`): its summary and the whole content. */
export interface ReportView extends ReportSummary {
  patientId: string;
  fallbackReason?: string;
  sections: ReportSection[];
  /** What the memory contributed to the draft; absent on reports drafted before it was kept. */
  trace?: MemoryTrace;
  signedDigest: string | null;
}

/** User ids a report names (author, signer): what `names` must hold for the views below. */
export const namedUsers = ({ row }: StoredReport): string[] =>
  row.signedById ? [row.createdById, row.signedById] : [row.createdById];

const nameOf = (names: ReadonlyMap<string, string>, id: string | null) => (id && names.get(id)) ?? null;

export function toReportSummary(
  { row, content }: StoredReport,
  names: ReadonlyMap<string, string>,
): ReportSummary {
  return {
    id: row.id,
    question: content.question,
    status: row.status,
    generator: content.generator,
    unsupportedCount: row.unsupportedCount,
    revision: row.revision,
    createdById: row.createdById,
    createdByName: nameOf(names, row.createdById),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    signedById: row.signedById,
    signedByName: nameOf(names, row.signedById),
    signedAt: row.signedAt,
  };
}

export function toReportView(report: StoredReport, names: ReadonlyMap<string, string>): ReportView {
  const { row, content } = report;
  return {
    ...toReportSummary(report, names),
    patientId: row.patientId,
    ...(content.fallbackReason ? { fallbackReason: content.fallbackReason } : {}),
    sections: content.sections,
    ...(content.trace ? { trace: content.trace } : {}),
    signedDigest: row.signedDigest,
  };
}
