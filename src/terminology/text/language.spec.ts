import { textLanguage, writesDecimalComma } from './language.js';

describe('textLanguage', () => {
  it('tells Chinese, Japanese and Korean by script, anything else as English', () => {
    expect(textLanguage('肌酐为什么升高？')).toBe('zh');
    expect(textLanguage('クレアチニンが上昇')).toBe('ja');
    expect(textLanguage('크레아티닌 상승')).toBe('ko');
    expect(textLanguage('Why is the creatinine rising?')).toBe('en');
    expect(textLanguage('insuffisance rénale')).toBe('en');
  });
});

describe('writesDecimalComma', () => {
  it('is true for French, German and Spanish text', () => {
    expect(writesDecimalComma('Créatinine 1,9 mg/dL, en hausse.')).toBe(true);
    expect(writesDecimalComma('Kreatinin steigt seit Januar und ist bei 1,9 mg/dl')).toBe(true);
    expect(writesDecimalComma('Creatinina 1,9 mg/dL con aumento')).toBe(true);
  });

  it('is false for English text, and for text without a comma number or a cue', () => {
    expect(writesDecimalComma('Platelets 1,900 with the dose of 1,2 tablets')).toBe(false);
    expect(writesDecimalComma('Creatinine 1,900 umol/L')).toBe(false);
    expect(writesDecimalComma('胸痛3小时')).toBe(false);
  });

  it('reads a comma number that cannot be a thousands group as decimal when nothing says English', () => {
    expect(writesDecimalComma('Kreatinin 1,9 mg/dl')).toBe(true);
    expect(writesDecimalComma('1,900')).toBe(false);
  });
});
