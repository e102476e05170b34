import { GloveTokenizer } from './glove-tokenizer.js';
import { abbreviationMap } from './glove-vocabulary.js';

const WORDS = ['', 'insuffisance', 'renale', 'hamoglobin', 'chest', 'pain', 'myocardial', 'infarction'];
const WORDS_MORE = ['creatinine', 'aspirin', 'troponin', 'diabetes', 'dyspnea', '0.09', 'ng', 'ml'];
const known = new Set([...WORDS, ...WORDS_MORE]);
const tokenizer = new GloveTokenizer({
  words: [...WORDS, ...WORDS_MORE],
  abbreviations: abbreviationMap((word) => known.has(word)),
  maxTokens: 64,
});

describe('GloveTokenizer (default model) on accented and Chinese text', () => {
  it('reads accented Latin words through the project normaliser', () => {
    expect(tokenizer.words('Insuffisance RÉNALE, Hämoglobin')).toEqual([
      'insuffisance',
      'renale',
      'hamoglobin',
    ]);
  });

  it('replaces Chinese lexicon terms by their English words, longest match first', () => {
    expect(tokenizer.words('胸痛和心肌梗死的情况？')).toEqual(['chest', 'pain', 'myocardial', 'infarction']);
    expect(tokenizer.words('否认既往心梗病史')).toEqual(['myocardial', 'infarction']);
    expect(tokenizer.words('肌钙蛋白0.09 ng/mL，阿司匹林')).toEqual([
      'troponin',
      '0.09',
      'ng',
      'ml',
      'aspirin',
    ]);
  });

  it('gives no token for Chinese it has no term for (the zero vector: lexical fallback)', () => {
    expect(tokenizer.encode('右膝上下楼梯时加重')).toEqual([]);
  });
});
