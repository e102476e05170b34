import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { Db } from '../common/db.js';
import type { Report } from '../generated/prisma/client.js';
import type { ReportStatus } from '../generated/prisma/enums.js';
import type { ReportPosition } from './report-cursor.js';
import type { GeneratorKind, ReportSection } from './report.types.js';
import type { MemoryTrace } from './trace/memory-trace.js';

/** The encrypted part of a report. */
export interface ReportContent {
  question: string;
  generator: GeneratorKind;
  fallbackReason?: string;
  sections: ReportSection[];
  /** The draft's memory trace (reports drafted before traces were kept have none). */
  trace?: MemoryTrace;
}

/** Which of a patient's reports to list, and from where. */
export interface ReportPage {
  limit: number;
  status?: ReportStatus;
  authorId?: string;
  /** List only reports older than this one (the previous page's last). */
  before?: ReportPosition;
}

export interface StoredReport {
  row: Report;
  content: ReportContent;
}

const CONTENT = (id: string) => ({ table: 'reports', rowId: id, field: 'content' });

export function unsupportedCount(sections: ReportSection[]): number {
  return sections.reduce((n, s) => n + s.sentences.filter((x) => x.unsupported).length, 0);
}

/** SHA-256 of the content's JSON: what a signature freezes. */
export function contentDigest(content: ReportContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Report rows: content sealed under the patient's DEK with AAD bound to the row. */
@Injectable()
export class ReportStore {
  constructor(private readonly cipher: FieldCipher) {}

  async insert(
    id: string,
    patientId: string,
    content: ReportContent,
    createdById: string,
    db: Db,
  ): Promise<StoredReport> {
    const row = await db.report.create({
      data: {
        id,
        patientId,
        generator: content.generator,
        content: await this.cipher.encryptForPatient(patientId, CONTENT(id), content, db),
        unsupportedCount: unsupportedCount(content.sections),
        createdById,
      },
    });
    return { row, content };
  }

  async find(id: string, db: Db): Promise<StoredReport | undefined> {
    const row = await db.report.findUnique({ where: { id } });
    if (!row) return undefined;
    const content = await this.cipher.decryptForPatient<ReportContent>(
      row.patientId,
      CONTENT(id),
      row.content,
      db,
    );
    return { row, content };
  }

  /**
   * A page of a patient's reports, newest first (createdAt, then id: stable when two share a
   * millisecond), decrypted (the caller checked access). One row more than `limit` says whether
   * another page follows.
   */
  async listForPatient(
    patientId: string,
    page: ReportPage,
    db: Db,
  ): Promise<{ reports: StoredReport[]; more: boolean }> {
    const { before } = page;
    const rows = await db.report.findMany({
      where: {
        patientId,
        ...(page.status ? { status: page.status } : {}),
        ...(page.authorId ? { createdById: page.authorId } : {}),
        ...(before
          ? {
              OR: [
                { createdAt: { lt: before.createdAt } },
                { createdAt: before.createdAt, id: { lt: before.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
    });
    const reports = await Promise.all(
      rows.slice(0, page.limit).map(async (row) => ({
        row,
        content: await this.cipher.decryptForPatient<ReportContent>(
          row.patientId,
          CONTENT(row.id),
          row.content,
          db,
        ),
      })),
    );
    return { reports, more: rows.length > page.limit };
  }

  /** Only a draft changes, and only from the revision the editor read (optimistic). */
  async update(
    report: StoredReport,
    content: ReportContent,
    userId: string,
    db: Db,
  ): Promise<StoredReport | undefined> {
    const { id, patientId, revision } = report.row;
    const { count } = await db.report.updateMany({
      where: { id, status: 'draft', revision },
      data: {
        content: await this.cipher.encryptForPatient(patientId, CONTENT(id), content, db),
        unsupportedCount: unsupportedCount(content.sections),
        revision: revision + 1,
        updatedById: userId,
      },
    });
    return count ? this.find(id, db) : undefined;
  }

  async sign(report: StoredReport, userId: string, db: Db): Promise<StoredReport | undefined> {
    const { count } = await db.report.updateMany({
      where: { id: report.row.id, status: 'draft', revision: report.row.revision, unsupportedCount: 0 },
      data: {
        status: 'signed',
        signedById: userId,
        signedAt: new Date(),
        signedDigest: contentDigest(report.content),
      },
    });
    return count ? this.find(report.row.id, db) : undefined;
  }
}
