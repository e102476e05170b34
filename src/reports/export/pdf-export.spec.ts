import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportContent } from '../report-store.js';
import { PdfReportExporter } from './pdf-export.js';

/** Real poppler tools (poppler-utils), as a reader would open the file. */
const dir = mkdtempSync(join(tmpdir(), 'pdf-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer): string {
  const file = join(dir, `${tool}-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, tool === 'pdftotext' ? ['-layout', file, '-'] : [file], { encoding: 'utf8' });
}

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const header = { id: 'r-1', status: 'signed', signedAt: new Date('2026-12-01T09:30:00Z'), signedById: 'u-7' };
const sentence = (text: string, entryId: string, quote: string) => ({
  text,
  citations: [{ entryId, quote, start: 0, end: quote.length }],
});

const english: ReportContent = {
  question: 'Why is the creatinine rising?',
  generator: 'extractive',
  sections: [
    {
      key: 'results',
      title: 'Key results and trends',
      notices: [],
      sentences: [
        sentence('Creatinine rose from 1.0 to 1.9 mg/dL (ref 0.6–1.2).', 'e1', 'Creatinine 1.9 mg/dL'),
        sentence('Ibuprofen 400 mg was taken most days.', 'e2', 'taking ibuprofen 400 mg most days'),
      ],
    },
    { key: 'allergies', title: 'Allergies', sentences: [], notices: ['No allergies are documented.'] },
  ],
};
const chinese: ReportContent = {
  question: '为什么肌酐在升高？',
  generator: 'extractive',
  sections: [
    {
      key: 'results',
      title: 'Key results and trends',
      notices: [],
      sentences: [sentence('肌酐由 1.0 升至 1.9 mg/dL，近期服用布洛芬。', 'e9', '长期服用布洛芬止痛')],
    },
  ],
};

describe('PDF export (pdfkit, embedded Noto CJK)', () => {
  const exporter = new PdfReportExporter({ PDF_FONT_FILE: FONT });
  const created = new Date('2026-12-02T08:15:00Z');

  it('exports an English report with extractable text, numbered references and metadata', async () => {
    const pdf = await exporter.render(header, english, created);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const text = poppler('pdftotext', pdf);
    expect(text).toContain('Creatinine rose from 1.0 to 1.9 mg/dL (ref 0.6–1.2). [1]');
    expect(text).toContain('[2] entry e2: “taking ibuprofen 400 mg most days”');
    expect(text).toContain('Page 1 of 1');
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/Title:\s+Diagnosis report: Why is the creatinine rising\?/);
    expect(info).toMatch(/Author:\s+Anamnesis, signed by user u-7/);
    expect(info).toMatch(/CreationDate:\s+Wed Dec\s+2 08:15:00 2026 UTC/);
    expect(pdf.toString('latin1')).toContain('/Lang (en)');
  });

  it('exports a Chinese report whose text a reader extracts as Chinese, labels and titles in Chinese', async () => {
    const pdf = await exporter.render(header, chinese, created);
    const text = poppler('pdftotext', pdf);
    expect(text).toContain('为什么肌酐在升高？');
    // Titled by section key in the question's language, though stored with an English title.
    for (const label of [
      '诊断报告',
      '问题: ',
      '主要检查结果及趋势',
      '参考文献',
      '[1] 条目 e9',
      '第 1 页，共 1 页',
    ])
      expect(text).toContain(label);
    expect(text).not.toMatch(/Diagnosis report|Key results|References|Page 1/);
    expect(poppler('pdfinfo', pdf)).toMatch(/Title:\s+诊断报告: 为什么肌酐在升高？/);
    expect(text).toContain('肌酐由 1.0 升至 1.9 mg/dL，近期服用布洛芬。 [1]');
    expect(text).toContain('“长期服用布洛芬止痛”');
    expect(pdf.toString('latin1')).toContain('/Lang (zh-CN)');
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/); // an embedded subset
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('numbers every page of a long report', async () => {
    const long: ReportContent = {
      ...english,
      sections: [
        {
          ...english.sections[0]!,
          sentences: Array.from({ length: 120 }, (_, i) =>
            sentence(`Finding ${i}: creatinine and potassium reviewed again.`, `e${i}`, `quote ${i}`),
          ),
        },
      ],
    };
    const pdf = await exporter.render(header, long, created);
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))![1]);
    expect(pages).toBeGreaterThan(3);
    const text = poppler('pdftotext', pdf);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Page ${page} of ${pages}`);
  });

  it('falls back to Helvetica for Latin text without the font, and refuses CJK with a clear error', async () => {
    const without = new PdfReportExporter({ PDF_FONT_FILE: join(dir, 'missing.ttc') });
    const pdf = await without.render(header, english, created);
    expect(poppler('pdftotext', pdf)).toContain('Ibuprofen 400 mg was taken most days. [2]');
    await expect(without.render(header, chinese, created)).rejects.toThrow(
      /PDF_FONT_FILE \(.*missing\.ttc\) does not exist; install fonts-noto-cjk/,
    );
  });
});
