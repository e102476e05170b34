import { findDates } from '../text/dates.js';
import { findQuantities } from '../text/quantities.js';
import { toEvidence, type EvidenceEntry } from '../evidence/evidence-entry.js';
import type { Citation, ReportSentence } from '../report.types.js';
import { CitationVerifier } from './citation-verifier.js';

const note = toEvidence({
  id: 'zh-1',
  kind: 'note',
  occurredAt: '2026-01-20T08:00:00Z',
  body: {
    text:
      '患者于2026年1月20日因胸痛3小时就诊。肌钙蛋白 0.09 ng/mL，升高。否认既往心梗病史，未见下肢水肿。' +
      '给予阿司匹林 300 mg 嚼服。糖化血红蛋白 ８.９％。',
  },
});
const creatinineJan = toEvidence({
  id: 'zh-2',
  kind: 'observation',
  occurredAt: '2026-01-10T08:00:00Z',
  body: { name: '肌酐', value: 1.2, unit: 'mg/dL' },
});
const creatinineMar = toEvidence({
  id: 'zh-3',
  kind: 'observation',
  occurredAt: '2026-03-10T08:00:00Z',
  body: { name: '肌酐', value: 1.9, unit: 'mg/dL', interpretation: 'H' },
});

const whole = (e: EvidenceEntry): Citation => ({
  entryId: e.id,
  quote: e.text,
  start: 0,
  end: e.text.length,
});
const verifier = new CitationVerifier([note, creatinineJan, creatinineMar]);
const verify = (text: string, ...citations: Citation[]) =>
  verifier.verify({ text, citations } as ReportSentence).sentence.unsupported?.code;

describe('the verifier on Chinese sentences', () => {
  it('reads Chinese dates, with Arabic or Chinese numerals', () => {
    expect(findDates('于2026年1月20日就诊').map((d) => d.values)).toEqual([['2026-01-20']]);
    expect(findDates('二〇二六年一月二十日复查').map((d) => d.values)).toEqual([['2026-01-20']]);
    expect(findDates('2025年12月起').map((d) => d.values)).toEqual([['2025-12']]);
  });

  it('reads numbers with Chinese units as their English unit', () => {
    const [days] = findQuantities('胸痛3天');
    expect(days).toMatchObject({ value: 3, unit: 'days' });
    expect(findQuantities('心率112次/分')[0]).toMatchObject({ value: 112, unit: 'bpm' });
  });

  it('accepts a faithful Chinese sentence, full-width digits included', () => {
    expect(verify('2026年1月20日肌钙蛋白 0.09 ng/mL，升高。', whole(note))).toBeUndefined();
    expect(verify('糖化血红蛋白 8.9%。', whole(note))).toBeUndefined();
    expect(verify('Troponin 0.09 ng/mL on 2026-01-20.', whole(note))).toBeUndefined();
  });

  it('flags a wrong number, unit or date', () => {
    expect(verify('肌钙蛋白 0.9 ng/mL，升高。', whole(note))).toBe('number');
    expect(verify('肌钙蛋白 0.09 ng/L，升高。', whole(note))).toBe('unit');
    expect(verify('2026年2月20日肌钙蛋白 0.09 ng/mL。', whole(note))).toBe('date');
  });

  it('holds Chinese negation: 否认 and 未见 are not affirmations', () => {
    expect(verify('患者有心梗病史。', whole(note))).toBe('negation');
    expect(verify('下肢水肿。', whole(note))).toBe('negation');
    expect(verify('否认心梗病史。', whole(note))).toBeUndefined();
  });

  it('matches drugs across languages: 阿司匹林 is aspirin, 氯吡格雷 is not in the quote', () => {
    expect(verify('Aspirin 300 mg was given.', whole(note))).toBeUndefined();
    expect(verify('给予氯吡格雷 300 mg。', whole(note))).toBe('drug');
  });

  it('checks Chinese trend words against the cited values', () => {
    expect(
      verify('肌酐由1.2 mg/dL升高至1.9 mg/dL。', whole(creatinineJan), whole(creatinineMar)),
    ).toBeUndefined();
    expect(verify('肌酐由1.2 mg/dL下降至1.9 mg/dL。', whole(creatinineJan), whole(creatinineMar))).toBe(
      'trend',
    );
  });
});
