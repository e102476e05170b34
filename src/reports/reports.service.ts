import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PatientAccessService } from '../access/patient-access.service.js';
import type { PatientScope } from '../access/patient-scope.js';
import type { AuditEventType } from '../audit/audit.types.js';
import type { Caller } from '../common/caller.js';
import type { Db } from '../common/db.js';
import { ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error.js';
import { isUuid } from '../common/ids.js';
import { PrismaService } from '../database/prisma.service.js';
import type { ReportStatus } from '../generated/prisma/enums.js';
import { userDisplayNames } from '../users/user-names.js';
import { PatientEvidenceService } from './evidence/patient-evidence.service.js';
import { PdfReportExporter } from './export/pdf-export.js';
import { renderReport } from './export/text-export.js';
import { ReportDrafter } from './report-drafter.js';
import { reportLanguage, sectionTitles } from './report-language.js';
import { ReportStore, type StoredReport } from './report-store.js';
import type { ReportSection, ReportSentence, SectionKey } from './report.types.js';
import { decodeReportCursor, encodeReportCursor } from './report-cursor.js';
import {
  namedUsers,
  toReportSummary,
  toReportView,
  type ReportSummary,
  type ReportView,
} from './report-view.js';

export type ExportFormat = 'text' | 'markdown' | 'pdf';

export interface ReportListQuery {
  limit: number;
  cursor?: string;
  status?: ReportStatus;
  /** Only reports this user drafted (a user id). */
  author?: string;
}

export interface ReportListPage {
  items: ReportSummary[];
  nextCursor: string | null;
}

export interface SectionEdit {
  key: SectionKey;
  sentences: ReportSentence[];
}

/**
 * The report lifecycle: draft → edits (re-verified) → signed (frozen). Every step checks
 * patient access (a report of a patient the caller may not see is "not found") and is audited in
 * the transaction that does the work.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: PatientAccessService,
    private readonly evidence: PatientEvidenceService,
    private readonly drafter: ReportDrafter,
    private readonly store: ReportStore,
    private readonly pdf: PdfReportExporter,
  ) {}

  async create(patientId: string, question: string, caller: Caller): Promise<ReportView> {
    // Read and decrypt in one short transaction; generate outside it (an LLM call can take seconds).
    const retrieved = await this.evidence.rank(patientId, question, caller);
    const retrievedIds = (retrieved ?? []).map((r) => r.entryId);
    const entries = await this.prisma.$transaction(async (tx) =>
      this.evidence.loadForDraft(await this.access.requireAccess(caller, patientId, tx), retrievedIds),
    );
    const draft = await this.drafter.draft(question, entries, retrieved);
    const id = randomUUID();
    return this.prisma.$transaction(async (tx) => {
      const scope = await this.access.requireAccess(caller, patientId, tx);
      const content = {
        question,
        generator: draft.generator,
        fallbackReason: draft.fallbackReason,
        sections: draft.sections,
        trace: draft.trace,
      };
      const stored = await this.store.insert(id, patientId, content, caller.principal.userId, tx);
      await scope.auditMany([
        scope.event('report.create', [stored.row.id]),
        scope.event('report.evidence', citedIds(draft.sections)),
      ]);
      return this.view(stored, tx);
    });
  }

  /**
   * A page of the patient's reports, newest first, optionally only one status or one author;
   * a patient the caller may not see is a 404.
   */
  async list(patientId: string, query: ReportListQuery, caller: Caller): Promise<ReportListPage> {
    const before = query.cursor ? decodeReportCursor(query.cursor) : undefined;
    return this.prisma.$transaction(async (tx) => {
      const scope = await this.access.requireAccess(caller, patientId, tx);
      const { reports, more } = await this.store.listForPatient(
        patientId,
        { limit: query.limit, status: query.status, authorId: query.author, before },
        tx,
      );
      await scope.audit(
        'report.list',
        reports.map((r) => r.row.id),
      );
      const names = await userDisplayNames(reports.flatMap(namedUsers), tx);
      const last = reports[reports.length - 1]?.row;
      return {
        items: reports.map((r) => toReportSummary(r, names)),
        nextCursor: more && last ? encodeReportCursor({ createdAt: last.createdAt, id: last.id }) : null,
      };
    });
  }

  async get(id: string, caller: Caller): Promise<ReportView> {
    return this.prisma.$transaction(async (tx) => {
      const { report, scope } = await this.authorised(id, caller, tx);
      await this.audit(scope, 'report.read', report);
      return this.view(report, tx);
    });
  }

  /** Replaces the sentences of the edited sections; every edited sentence is verified again. */
  async edit(id: string, edits: SectionEdit[], caller: Caller): Promise<ReportView> {
    return this.prisma.$transaction(async (tx) => {
      const { report, scope } = await this.authorised(id, caller, tx);
      if (report.row.status === 'signed') throw new ConflictError('a signed report cannot be edited');
      const cited = [
        ...new Set(edits.flatMap((e) => e.sentences.flatMap((s) => s.citations.map((c) => c.entryId)))),
      ];
      const entries = await this.evidence.loadEntries(scope, cited);
      const titles = sectionTitles(reportLanguage(report.content.question));
      const edited = this.drafter.reverify(
        edits.map((edit) => ({
          key: edit.key,
          title: titles[edit.key],
          sentences: edit.sentences,
          notices: [],
        })),
        entries,
      );
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
      await scope.auditMany([
        scope.event('report.update', [updated.row.id]),
        scope.event(
          'report.evidence',
          entries.map((e) => e.id),
        ),
      ]);
      return this.view(updated, tx);
    });
  }

  /** Freezes the text with signer and time; refused while any sentence is flagged unsupported. */
  async sign(id: string, caller: Caller): Promise<ReportView> {
    return this.prisma.$transaction(async (tx) => {
      const { report, scope } = await this.authorised(id, caller, tx);
      if (report.row.status === 'signed') throw new ConflictError('the report is already signed');
      if (report.row.unsupportedCount > 0)
        throw new DomainError(
          'unsupported_sentences',
          `${report.row.unsupportedCount} sentence(s) are flagged unsupported: fix or remove them before signing`,
          409,
        );
      const signed = await this.store.sign(report, caller.principal.userId, tx);
      if (!signed) throw new ConflictError('the report changed meanwhile; reload and sign again');
      await this.audit(scope, 'report.sign', signed);
      return this.view(signed, tx);
    });
  }

  async export(
    id: string,
    format: ExportFormat,
    caller: Caller,
  ): Promise<{ contentType: string; body: string | Buffer }> {
    const { header, content } = await this.prisma.$transaction(async (tx) => {
      const { report, scope } = await this.authorised(id, caller, tx);
      await this.audit(scope, 'report.export', report, `format ${format}`);
      const { row } = report;
      return {
        header: { id: row.id, status: row.status, signedAt: row.signedAt, signedById: row.signedById },
        content: report.content,
      };
    });
    // Rendered after commit: laying out a PDF (font subsetting) takes a second or more, too long to hold a connection.
    if (format === 'pdf')
      return { contentType: 'application/pdf', body: await this.pdf.render(header, content) };
    const contentType = format === 'markdown' ? 'text/markdown; charset=utf-8' : 'text/plain; charset=utf-8';
    return { contentType, body: renderReport(header, content, format) };
  }

  /** The report, if the caller may see its patient now; otherwise the same 404 as a missing one. */
  private async authorised(
    id: string,
    caller: Caller,
    tx: Db,
  ): Promise<{ report: StoredReport; scope: PatientScope }> {
    const row = isUuid(id)
      ? await tx.report.findUnique({ where: { id }, select: { patientId: true } })
      : null;
    if (!row) throw new NotFoundError('report');
    const scope = await this.access.requireAccess(caller, row.patientId, tx).catch(() => {
      throw new NotFoundError('report');
    });
    const report = await this.store.find(id, tx);
    if (!report) throw new NotFoundError('report');
    return { report, scope };
  }

  /** The report as the API returns it, its author and signer named. */
  private async view(report: StoredReport, tx: Db): Promise<ReportView> {
    return toReportView(report, await userDisplayNames(namedUsers(report), tx));
  }

  /** An event about one report (its id as the entity), in the scope's transaction. */
  private audit(scope: PatientScope, type: AuditEventType, report: StoredReport, reason?: string) {
    return scope.audit(type, [report.row.id], reason === undefined ? {} : { reason });
  }
}

function citedIds(sections: ReportSection[]): string[] {
  return [...new Set(sections.flatMap((s) => s.sentences.flatMap((x) => x.citations.map((c) => c.entryId))))];
}
