import { textLanguage } from '../terminology/text/language.js';
import { SECTION_TITLES, type SectionKey } from './report.types.js';

/**
 * The language a report is written in around the patient's own words: the question's. A Chinese
 * question gets Chinese section titles, sentence frames and notices; anything else stays English.
 */
export type ReportLanguage = 'en' | 'zh';

export const reportLanguage = (question: string): ReportLanguage =>
  textLanguage(question) === 'zh' ? 'zh' : 'en';

const CHINESE_TITLES: Record<SectionKey, string> = {
  answer: '回答',
  presenting: '就诊问题',
  history: '相关病史',
  medications: '当前用药',
  allergies: '过敏史',
  results: '主要检查结果及趋势',
  assessments: '既往评估',
  diagnoses: '已记录的诊断及支持依据',
  gaps: '待解决问题 / 缺漏',
  other: '其他陈述',
};

export const sectionTitles = (language: ReportLanguage): Record<SectionKey, string> =>
  language === 'zh' ? CHINESE_TITLES : SECTION_TITLES;
