import { toEvidence } from '../evidence/evidence-entry.js';
import { CitationVerifier } from '../verifier/citation-verifier.js';
import { generateExtractiveDraft } from './extractive-generator.js';

/** The scaffolding of a draft follows the question's language; the verifier checks it as before. */
describe('draft language', () => {
  const entry = (id: string, kind: string, occurredAt: string, body: Record<string, unknown>) =>
    toEvidence({ id, kind, occurredAt, body });
  const record = [
    entry('cr1', 'observation', '2026-01-05', {
      name: '肌酐',
      value: 1.2,
      unit: 'mg/dL',
      interpretation: 'H',
    }),
    entry('cr2', 'observation', '2026-03-20', {
      name: '肌酐',
      value: 1.9,
      unit: 'mg/dL',
      interpretation: 'H',
    }),
    entry('ckd', 'problem', '2024-01-01', { name: '慢性肾脏病3a期', code: 'N18.31', status: 'active' }),
    entry('n', 'note', '2026-03-20', { text: '近三个月肌酐由1.2升至1.9 mg/dL。因腰痛服用布洛芬。' }),
  ];
  const draft = (question: string) =>
    new CitationVerifier(record).verifyDraft(generateExtractiveDraft({ question, entries: record }));
  const texts = (d: ReturnType<typeof draft>) => d.sections.flatMap((s) => s.sentences.map((x) => x.text));

  it('writes titles, frames and notices in Chinese for a Chinese question, every sentence supported', () => {
    const zh = draft('肌酐为什么升高？');
    expect(zh.sections.map((s) => s.title)).toContain('主要检查结果及趋势');
    expect(zh.sections[0]!.title).toBe('回答');
    expect(texts(zh)).toEqual(
      expect.arrayContaining([
        '最新结果（2026-03-20）：肌酐 1.9 mg/dL H。',
        '肌酐由1.2 mg/dL（2026-01-05）升高至1.9 mg/dL（2026-03-20）。',
        '慢性肾脏病3a期 (N18.31), active（记录于2024-01-01）。',
        '慢性肾脏病3a期的支持依据（2026-03-20）：肌酐 1.9 mg/dL H。',
      ]),
    );
    expect(zh.sections.find((s) => s.key === 'allergies')!.notices).toEqual(['现有条目中未记录过敏。']);
    expect(zh.sections.flatMap((s) => s.sentences).filter((s) => s.unsupported)).toEqual([]);
  });

  it('keeps English scaffolding for an English question over the same record', () => {
    const en = draft('Why is the creatinine rising?');
    expect(en.sections[0]!.title).toBe('Answer');
    expect(texts(en)).toContain('Latest 肌酐 1.9 mg/dL H on 2026-03-20.');
  });

  it('still flags a Chinese frame whose value, date or direction the quotes do not support', () => {
    const verifier = new CitationVerifier(record);
    const cite = (id: string) => {
      const quote = record.find((e) => e.id === id)!.text;
      return { entryId: id, quote, start: 0, end: quote.length };
    };
    const verdict = (text: string, ...ids: string[]) =>
      verifier.verify({ text, citations: ids.map(cite) }).sentence.unsupported?.code;
    expect(verdict('最新结果（2026-03-20）：肌酐 1.9 mg/dL H。', 'cr2')).toBeUndefined();
    expect(verdict('最新结果（2026-03-20）：肌酐 2.9 mg/dL H。', 'cr2')).toBe('number');
    expect(verdict('最新结果（2026-04-20）：肌酐 1.9 mg/dL H。', 'cr2')).toBe('date');
    expect(verdict('肌酐由1.2 mg/dL（2026-01-05）下降至1.9 mg/dL（2026-03-20）。', 'cr1', 'cr2')).toBe(
      'trend',
    );
    // The frame's own words support nothing: a quote about creatinine does not carry haemoglobin.
    expect(verdict('最新结果（2026-03-20）：血红蛋白。', 'cr2')).toBe('low-support');
  });
});
