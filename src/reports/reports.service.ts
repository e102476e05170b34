import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditOf, type Caller } from '../access/caller.js';
import { isUuid, PatientAccessService, type PatientAccess } from '../access/patient-access.service.js';
import { AuditService, type AuditEventInput } from '../audit/audit.service.js';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error.js';
import type { Db } from '../crypto/patient-keys.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { PatientEvidenceService } from './evidence/patient-evidence.service.js';
import { reportPdf } from './export/pdf-export.js';
import { renderReport } from './export/text-export.js';
import { ReportDrafter } from './report-drafter.js';
import { ReportStore, type StoredReport } from './report-store.js';
import { type ReportSection, type ReportSentence, SECTION_TITLES, type SectionKey } from './report.types.js';
import { toReportView, type ReportView } from './report-view.js';

export type ExportFormat = 'text' | 'markdown' | 'pdf';

export interface SectionEdit {
  key: SectionKey;
  sentences: ReportSentence[];
}

/**
 * The report lifecycle (issue 8): draft → edits (re-verified) → signed (frozen). Every step checks
 * patient access (a report of a patient the caller may not see is "not found") and is audited in
 * the transaction that does the work.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: PatientAccessService,
    private readonly audit: AuditService,
    private readonly evidence: PatientEvidenceService,
    private readonly drafter: ReportDrafter,
    private readonly store: ReportStore,
  ) {}

  async create(patientId: string, question: string, caller: Caller): Promise<ReportView> {
    // Read and decrypt in one short transaction; generate outside it (an LLM call can take seconds).
    const retrieved = await this.evidence.rank(patientId, question, caller);
    const entries = await this.prisma.$transaction(async (tx) => {
      await this.access.requireAccess(caller.principal, patientId, tx);
      const loaded = await this.evidence.loadForDraft(patientId, tx);
      const have = new Set(loaded.map((e) => e.id));
      const older = retrieved.filter((id) => !have.has(id) && isUuid(id));
      return [...loaded, ...(await this.evidence.loadEntries(patientId, older, tx))];
    });
    const draft = await this.drafter.draft(question, entries, retrieved);
    const id = randomUUID();
    return this.prisma.$transaction(async (tx) => {
      const access = await this.access.requireAccess(caller.principal, patientId, tx);
      const content = {
        question,
        generator: draft.generator,
        fallbackReason: draft.fallbackReason,
        sections: draft.sections,
      };
      const stored = await this.store.insert(id, patientId, content, caller.principal.userId, tx);
      await this.audit.recordMany(
        [
          this.event('report.create', 'C', stored, access, caller),
          {
            ...this.event('report.evidence', 'R', stored, access, caller),
            entity: { type: 'Entry', ids: citedIds(draft.sections) },
          },
        ],
        tx,
      );
      return toReportView(stored);
    });
  }

  async get(id: string, caller: Caller): Promise<ReportView> {
    return this.prisma.$transaction(async (tx) => {
      const { report, access } = await this.authorised(id, caller, tx);
      await this.audit.record(this.event('report.read', 'R', report, access, caller), tx);
      return toReportView(report);
    });
  }

  /** Replaces the sentences of the edited sections; every edited sentence is verified again. */
  async edit(id: string, edits: SectionEdit[], caller: Caller): Promise<ReportView> {
    return this.prisma.$transaction(async (tx) => {
      const { report, access } = await this.authorised(id, caller, tx);
      if (report.row.status === 'signed') throw new ConflictError('a signed report cannot be edited');
      const cited = [
        ...new Set(edits.flatMap((e) => e.sentences.flatMap((s) => s.citations.map((c) => c.entryId)))),
      ];
      const entries = await this.evidence.loadEntries(report.row.patientId, cited.filter(isUuid), tx);
      const edited = this.drafter.reverify(edits.map(toSection), entries);
      const byKey = new Map(edited.map((s) => [s.key, s]));
      const sections = report.content.sections.map((s) =>
        byKey.has(s.key) ? { ...byKey.get(s.key)!, notices: s.notices } : s,
      );
      for (const s of edited) if (!sections.some((x) => x.key === s.key)) sections.push(s);
      const updated = await this.store.update(
        report,
        { ...report.content, sections },
        caller.principal.userId,
        tx,
      );
      if (!updated) throw new ConflictError('the report changed meanwhile; reload and edit again');
      await this.audit.recordMany(
        [
          this.event('report.update', 'U', updated, access, caller),
          {
            ...this.event('report.evidence', 'R', updated, access, caller),
            entity: { type: 'Entry', ids: entries.map((e) => e.id) },
          },
        ],
        tx,
      );
      return toReportView(updated);
    });
  }

  /** Freezes the text with signer and time; refused while any sentence is flagged unsupported. */
  async sign(id: string, caller: Caller): Promise<ReportView> {
    return this.prisma.$transaction(async (tx) => {
      const { report, access } = await this.authorised(id, caller, tx);
      if (report.row.status === 'signed') throw new ConflictError('the report is already signed');
      if (report.row.unsupportedCount > 0)
        throw new DomainError(
          'unsupported_sentences',
          `${report.row.unsupportedCount} sentence(s) are flagged unsupported: fix or remove them before signing`,
          409,
        );
      const signed = await this.store.sign(report, caller.principal.userId, tx);
      if (!signed) throw new ConflictError('the report changed meanwhile; reload and sign again');
      await this.audit.record(this.event('report.sign', 'U', signed, access, caller), tx);
      return toReportView(signed);
    });
  }

  async export(
    id: string,
    format: ExportFormat,
    caller: Caller,
  ): Promise<{ contentType: string; body: string | Buffer }> {
    return this.prisma.$transaction(async (tx) => {
      const { report, access } = await this.authorised(id, caller, tx);
      await this.audit.record(
        { ...this.event('report.export', 'R', report, access, caller), reason: `format ${format}` },
        tx,
      );
      const header = {
        id: report.row.id,
        status: report.row.status,
        signedAt: report.row.signedAt,
        signedById: report.row.signedById,
      };
      if (format === 'pdf')
        return { contentType: 'application/pdf', body: reportPdf(header, report.content) };
      const contentType =
        format === 'markdown' ? 'text/markdown; charset=utf-8' : 'text/plain; charset=utf-8';
      return { contentType, body: renderReport(header, report.content, format) };
    });
  }

  /** The report, if the caller may see its patient now; otherwise the same 404 as a missing one. */
  private async authorised(
    id: string,
    caller: Caller,
    tx: Db,
  ): Promise<{ report: StoredReport; access: PatientAccess }> {
    const row = isUuid(id)
      ? await tx.report.findUnique({ where: { id }, select: { patientId: true } })
      : null;
    if (!row) throw new NotFoundError('report');
    const access = await this.access.requireAccess(caller.principal, row.patientId, tx).catch(() => {
      throw new NotFoundError('report');
    });
    const report = await this.store.find(id, tx);
    if (!report) throw new NotFoundError('report');
    return { report, access };
  }

  private event(
    type: string,
    action: AuditEventInput['action'],
    report: StoredReport,
    access: PatientAccess,
    caller: Caller,
  ): AuditEventInput {
    return {
      type,
      action,
      outcome: 'success',
      patientId: report.row.patientId,
      entity: { type: 'Report', ids: [report.row.id] },
      purposeOfUse: access.purposeOfUse,
      ...auditOf(caller),
    };
  }
}

function citedIds(sections: ReportSection[]): string[] {
  return [...new Set(sections.flatMap((s) => s.sentences.flatMap((x) => x.citations.map((c) => c.entryId))))];
}

function toSection(edit: SectionEdit): ReportSection {
  return { key: edit.key, title: SECTION_TITLES[edit.key], sentences: edit.sentences, notices: [] };
}
