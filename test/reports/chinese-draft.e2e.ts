import '../support/onnx-realm.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEvidence } from '../../src/reports/evidence/evidence-entry.js';
import type { ReportSentence } from '../../src/reports/report.types.js';
import { bilingualPatients } from '../fixtures/bilingual/bilingual-set.js';
import { SCENARIOS } from '../fixtures/bilingual/scenarios.js';
import { actor, patientOf } from '../records/records-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { recordsBody } from './report-fixtures.js';

/**
 * A Chinese question over a Chinese record, through the API: the draft's scaffolding (section
 * titles, "Latest … on …" frames, trend and diagnosis frames, empty-section and gap notices) is
 * Chinese, every sentence is still supported by its exact quotes, and the PDF is titled in
 * Chinese. Before, the frames and titles were English around the Chinese quotes.
 */
describe('a Chinese draft', () => {
  let t: TestApp;
  let doctor: Awaited<ReturnType<typeof actor>>;
  let patientId: string;
  const index = SCENARIOS.findIndex((s) => s.id === 'ckd');
  const record = bilingualPatients('zh')[index]!;
  const question = SCENARIOS[index]!.questions[0]!.zh;
  const dir = mkdtempSync(join(tmpdir(), 'chinese-draft-'));

  beforeAll(async () => {
    t = await createTestApp();
    doctor = await actor(t, 'clinician');
    patientId = (await patientOf(t, doctor)).id;
    // The records API has no imaging kind (the evaluation's background X-ray reports stay out).
    for (const entry of record.entries.filter((e) => e.kind !== 'imaging')) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/entries`,
        headers: doctor.headers,
        payload: {
          kind: entry.kind,
          occurredAt: new Date(entry.time).toISOString(),
          body: recordsBody(entry.kind, entry.body as Record<string, unknown>),
        },
      });
      if (response.statusCode !== 201) throw new Error(`fixture entry refused: ${response.body}`);
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('frames the quotes in Chinese, every sentence supported', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/reports`,
      headers: doctor.headers,
      payload: { question },
    });
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report.unsupportedCount).toBe(0);
    const sections = report.sections as {
      key: string;
      title: string;
      sentences: ReportSentence[];
      notices: string[];
    }[];
    expect(sections.map((s) => s.title)).toEqual([
      '回答',
      '就诊问题',
      '相关病史',
      '当前用药',
      '过敏史',
      '主要检查结果及趋势',
      '既往评估',
      '已记录的诊断及支持依据',
      '待解决问题 / 缺漏',
    ]);
    const sentences = sections.flatMap((s) => s.sentences);
    const texts = sentences.map((s) => s.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^最新结果（\d{4}-\d\d-\d\d）：肌酐 1\.9 mg\/dL H。$/),
        expect.stringMatching(/^肌酐由1\.2 mg\/dL（\d{4}-\d\d-\d\d）升高至1\.9 mg\/dL（\d{4}-\d\d-\d\d）。$/),
        expect.stringMatching(/^已记录诊断：慢性肾脏病3a期 \(N18\.31\)/),
        expect.stringMatching(/^慢性肾脏病3a期的支持依据（\d{4}-\d\d-\d\d）：肌酐 1\.9 mg\/dL H。$/),
        expect.stringMatching(/（记录于\d{4}-\d\d-\d\d）。$/),
      ]),
    );
    const notices = sections.flatMap((s) => s.notices);
    expect(notices).toContain('现有条目中未记录过敏。');
    // No English frame or notice is left around the Chinese quotes.
    const english = /\b(Latest|recorded|Documented diagnosis|Supporting finding|rose|fell|No |The record)\b/;
    expect([...texts, ...notices].filter((text) => english.test(text))).toEqual([]);
    for (const sentence of sentences) {
      expect(sentence.unsupported).toBeUndefined();
      for (const c of sentence.citations) {
        const entry = (
          await t.app.inject({ method: 'GET', url: `/api/entries/${c.entryId}`, headers: doctor.headers })
        ).json();
        expect(toEvidence(entry).text.slice(c.start, c.end)).toBe(c.quote);
      }
    }

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/reports/${report.id}/export?format=pdf`,
      headers: doctor.headers,
    });
    expect(pdf.statusCode).toBe(200);
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const label of ['诊断报告', '主要检查结果及趋势', '已记录的诊断及支持依据', '参考文献', '第 1 页'])
      expect(text).toContain(label);
    expect(text).not.toMatch(/Diagnosis report|Key results|References|Page 1/);
  });
});
