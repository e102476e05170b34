import { textLanguage } from './language.js';

describe('textLanguage', () => {
  it('tells Chinese, Japanese and Korean by script, anything else as English', () => {
    expect(textLanguage('肌酐为什么升高？')).toBe('zh');
    expect(textLanguage('クレアチニンが上昇')).toBe('ja');
    expect(textLanguage('크레아티닌 상승')).toBe('ko');
    expect(textLanguage('Why is the creatinine rising?')).toBe('en');
    expect(textLanguage('insuffisance rénale')).toBe('en');
  });
});
