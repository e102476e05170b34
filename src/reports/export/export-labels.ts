import type { ReportLanguage } from '../report-language.js';

/** The words an export puts around a report, in the report's language (its question's). */
export interface ExportLabels {
  document: string;
  question: string;
  /** "Report r-1: signed, signed <time> by user u-7" */
  status(id: string, status: string, signed?: { at: string; by: string }): string;
  generator: string;
  fallback: string;
  references: string;
  unsupported: string;
  entry(id: string): string;
  characters(start: number, end: number): string;
  page(page: number, count: number): string;
}

const ENGLISH: ExportLabels = {
  document: 'Diagnosis report',
  question: 'Question',
  status: (id, status, signed) =>
    `Report ${id}: ${status}${signed ? `, signed ${signed.at} by user ${signed.by}` : ''}`,
  generator: 'Generator',
  fallback: 'fallback',
  references: 'References',
  unsupported: 'UNSUPPORTED',
  entry: (id) => `entry ${id}`,
  characters: (start, end) => `characters ${start}-${end}`,
  page: (page, count) => `Page ${page} of ${count}`,
};

const CHINESE: ExportLabels = {
  document: '诊断报告',
  question: '问题',
  status: (id, status, signed) =>
    `报告 ${id}：${status}${signed ? `，由用户 ${signed.by} 于 ${signed.at} 签署` : ''}`,
  generator: '生成方式',
  fallback: '回退原因',
  references: '参考文献',
  unsupported: '未获支持',
  entry: (id) => `条目 ${id}`,
  characters: (start, end) => `字符 ${start}-${end}`,
  page: (page, count) => `第 ${page} 页，共 ${count} 页`,
};

export const exportLabels = (language: ReportLanguage): ExportLabels =>
  language === 'zh' ? CHINESE : ENGLISH;
