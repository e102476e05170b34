import { chineseNumber } from './chinese-numerals.js';
import { sentenceSpans, visualLength } from './sentences.js';

const texts = (text: string, options = {}) =>
  sentenceSpans(text, 0, options).map((s) => text.slice(s.start, s.end));

describe('sentenceSpans', () => {
  it('splits Chinese at 。！？； with no space after them', () => {
    expect(texts('胸痛3小时。肌钙蛋白 0.09 ng/mL，升高！是否心梗？否认既往史；无水肿')).toEqual([
      '胸痛3小时。',
      '肌钙蛋白 0.09 ng/mL，升高！',
      '是否心梗？',
      '否认既往史；',
      '无水肿',
    ]);
  });

  it('splits Latin text at . ! ? before white space, keeping decimals and abbreviations inside', () => {
    expect(texts('Creatinine 1.9 mg/dL. Stop ibuprofen! Repeat in 1 wk')).toEqual([
      'Creatinine 1.9 mg/dL.',
      'Stop ibuprofen!',
      'Repeat in 1 wk',
    ]);
    // Notes: a boundary needs a capital, digit or "(" after it ("Dr. smith" stays one sentence).
    expect(texts('Plan: see Dr. smith. Then Echo.', { capitalAfter: true })).toEqual([
      'Plan: see Dr. smith.',
      'Then Echo.',
    ]);
    expect(texts('a; b\nc', { semicolon: true, lineBreak: true })).toEqual(['a;', 'b', 'c']);
  });

  it('counts a CJK character twice towards a sentence length', () => {
    expect(visualLength('否认心梗')).toBe(8);
    expect(visualLength('MI 史')).toBe(5);
  });
});

describe('chineseNumber', () => {
  it('reads years digit by digit and days and months with 十', () => {
    expect(chineseNumber('二〇二六', true)).toBe(2026);
    expect([chineseNumber('一'), chineseNumber('十'), chineseNumber('十二'), chineseNumber('二十')]).toEqual([
      1, 10, 12, 20,
    ]);
    expect(chineseNumber('三十一')).toBe(31);
    expect(chineseNumber('百')).toBeUndefined();
    expect(chineseNumber('二十三十')).toBeUndefined();
  });
});
