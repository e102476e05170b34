import type { ReportContent } from '../report-store.js';
import { renderReport } from './text-export.js';

const content: ReportContent = {
  question: 'Why is the creatinine rising?',
  generator: 'extractive',
  sections: [
    {
      key: 'assessments',
      title: 'Prior assessments',
      notices: [],
      sentences: [
        {
          text: 'See ![scan](http://evil.test/p.png) and [link](http://evil.test).',
          citations: [{ entryId: 'e1', quote: 'See ![scan](http://evil.test/p.png)', start: 0, end: 35 }],
        },
        {
          text: 'Creatinine 2.0 mg/dL.',
          citations: [{ entryId: 'e1', quote: 'See ![scan](http://evil.test/p.png)', start: 0, end: 35 }],
          unsupported: { code: 'number', reason: 'a number in the sentence is not in the cited quotes' },
        },
      ],
    },
    {
      key: 'allergies',
      title: 'Allergies',
      sentences: [],
      notices: ['No allergies are documented in the available entries.'],
    },
  ],
};

describe('text and Markdown export', () => {
  it("writes a Chinese question's report with Chinese labels and section titles", () => {
    const chinese: ReportContent = { ...content, question: '为什么肌酐在升高？' };
    const text = renderReport({ id: 'r1', status: 'draft' }, chinese, 'markdown');
    for (const label of [
      '# 诊断报告',
      '问题: ',
      '## 既往评估',
      '## 过敏史',
      '## 参考文献',
      '[未获支持: ',
      '条目 e1, 字符 0-35',
    ])
      expect(text).toContain(label);
    expect(text).not.toMatch(/Diagnosis report|Prior assessments|References|UNSUPPORTED/);
  });

  it('numbers references once per distinct quote and marks unsupported sentences', () => {
    const text = renderReport({ id: 'r1', status: 'draft' }, content, 'text');
    expect(text).toContain(
      '- Creatinine 2.0 mg/dL. [1] [UNSUPPORTED: a number in the sentence is not in the cited quotes]',
    );
    expect(text).toContain('- (No allergies are documented in the available entries.)');
    expect(text.match(/^\[\d+\] entry/gm)).toEqual(['[1] entry']);
  });

  it('escapes record text in Markdown so no link or image survives', () => {
    const markdown = renderReport({ id: 'r1', status: 'draft' }, content, 'markdown');
    expect(markdown).not.toMatch(/!\[[^\]]*\]\(/);
    expect(markdown).not.toMatch(/(?<!\\)\[link(?<!\\)\]\(/);
    expect(markdown).toContain('See \\!\\[scan\\]\\(http://evil\\.test/p\\.png\\)');
  });
});
