import type { ReportLanguage } from '../report-language.js';
import type { SectionKey } from '../report.types.js';

/**
 * The words a draft puts around the record's own text, per report language: sentence frames
 * ("Latest … on …"), empty-section and gap notices. Frames carry no clinical claim of their own:
 * their words are report scaffolding to the verifier (src/reports/text/tokens.ts), so a frame
 * around a quote is supported exactly when the quote is. Dates and numbers stay as the record
 * writes them (the verifier compares them exactly).
 */
export interface DraftWording {
  empty: Record<SectionKey, string>;
  latest(content: string, date: string): string;
  /** A value with its date, inside a trend sentence. */
  valueOn(value: string, date: string): string;
  trend(name: string, direction: 'up' | 'down' | 'stable', from: string, to: string): string;
  diagnosis(content: string): string;
  finding(diagnosis: string, content: string, date: string): string;
  problem(content: string, date: string): string;
  medication(content: string, date: string): string;
  allergy(content: string, date: string): string;
  noAllergyStatus: string;
  noMedicationList: string;
  notMentioned(terms: string[]): string;
  noRelatedResult: string;
  singleResult(name: string): string;
}

const ENGLISH: DraftWording = {
  empty: {
    answer: 'No note sentence in the record answers the question directly.',
    presenting: 'No entry in the record matches the question.',
    history: 'No problems are documented in the available entries.',
    medications: 'No current medications are documented in the available entries.',
    allergies: 'No allergies are documented in the available entries.',
    results: 'No results are recorded in the available entries.',
    assessments: 'No prior assessments are documented in the notes available.',
    diagnoses: 'No diagnoses are documented in the available entries.',
    gaps: 'No gaps found for this question.',
    other: '',
  },
  latest: (content, date) => `Latest ${content} on ${date}`,
  valueOn: (value, date) => `${value} on ${date}`,
  trend: (name, direction, from, to) =>
    direction === 'stable'
      ? `${name} was stable, ${from} and ${to}`
      : `${name} ${direction === 'up' ? 'rose' : 'fell'} from ${from} to ${to}`,
  diagnosis: (content) => `Documented diagnosis: ${content}`,
  finding: (diagnosis, content, date) => `Supporting finding for ${diagnosis}: ${content} on ${date}`,
  problem: (content, date) => `${content} (recorded ${date})`,
  medication: (content, date) => `${content}, recorded ${date}`,
  allergy: (content, date) => `Allergy: ${content} (recorded ${date})`,
  noAllergyStatus: 'Allergy status is not documented in the available entries.',
  noMedicationList: 'No medication list is documented in the available entries.',
  notMentioned: (terms) => `The record does not mention: ${terms.join(', ')}.`,
  noRelatedResult: 'No result related to the question is recorded.',
  singleResult: (name) => `${name} has a single result; no trend can be computed.`,
};

/** Chinese frames end in 。 themselves (a frame may end in a date or a Latin unit); a quote inside loses its own full stop. */
const bare = (text: string) => text.replace(/[\s.。;；]+$/u, '');

const CHINESE: DraftWording = {
  empty: {
    answer: '记录中没有直接回答该问题的病历语句。',
    presenting: '记录中没有与该问题相符的条目。',
    history: '现有条目中未记录问题或疾病。',
    medications: '现有条目中未记录当前用药。',
    allergies: '现有条目中未记录过敏。',
    results: '现有条目中未记录检查结果。',
    assessments: '现有病历中未记录既往评估。',
    diagnoses: '现有条目中未记录诊断。',
    gaps: '该问题未发现缺漏。',
    other: '',
  },
  latest: (content, date) => `最新结果（${date}）：${bare(content)}。`,
  valueOn: (value, date) => `${value}（${date}）`,
  trend: (name, direction, from, to) =>
    direction === 'stable'
      ? `${name}稳定：${from}，${to}。`
      : `${name}由${from}${direction === 'up' ? '升高' : '下降'}至${to}。`,
  diagnosis: (content) => `已记录诊断：${bare(content)}。`,
  finding: (diagnosis, content, date) => `${bare(diagnosis)}的支持依据（${date}）：${bare(content)}。`,
  problem: (content, date) => `${bare(content)}（记录于${date}）。`,
  medication: (content, date) => `${bare(content)}（记录于${date}）。`,
  allergy: (content, date) => `过敏：${bare(content)}（记录于${date}）。`,
  noAllergyStatus: '现有条目中未记录过敏情况。',
  noMedicationList: '现有条目中未记录用药清单。',
  notMentioned: (terms) => `记录中未提及：${terms.join('、')}。`,
  noRelatedResult: '未记录与该问题相关的检查结果。',
  singleResult: (name) => `${name}仅有一次结果，无法计算趋势。`,
};

export const draftWording = (language: ReportLanguage): DraftWording =>
  language === 'zh' ? CHINESE : ENGLISH;
