import { toEvidence, type EvidenceEntry } from '../../src/reports/evidence/evidence-entry.js';

/**
 * The record from the Chinese-language report: three Chinese notes (chest pain / NSTEMI, diabetes
 * follow-up, knee pain) and one French renal note, with the questions a clinician asked of it.
 * Written for this project; no real patient.
 */
const NOTES: [occurredAt: string, text: string][] = [
  [
    '2026-01-20T08:30:00.000Z',
    '患者男性，62岁，因胸痛3小时于2026年1月20日急诊就诊。胸骨后压榨样疼痛，向左肩放射，伴出汗。' +
      '心电图示V4-V6导联ST段压低。肌钙蛋白 0.09 ng/mL，升高。诊断：非ST段抬高型心肌梗死。' +
      '给予阿司匹林 300 mg 嚼服、替格瑞洛 180 mg 负荷量。否认既往心梗病史。',
  ],
  [
    '2026-02-10T09:00:00.000Z',
    '2型糖尿病复诊。糖化血红蛋白 8.9%，较上次升高。空腹血糖 9.6 mmol/L。' +
      '目前服用二甲双胍 1000 mg 每日两次。无低血糖发作。计划加用恩格列净 10 mg 每日一次。',
  ],
  [
    '2026-03-02T10:00:00.000Z',
    '右膝关节疼痛2周，上下楼梯时加重。查体：右膝轻度肿胀，无发红。X线示关节间隙变窄，考虑骨关节炎。' +
      '建议布洛芬 400 mg 必要时服用，物理治疗。',
  ],
  [
    '2026-03-15T11:00:00.000Z',
    'Patiente de 70 ans suivie pour insuffisance rénale chronique. Créatinine 1,9 mg/dL, en hausse. ' +
      "Hémoglobine 10,8 g/dL. Pas d'œdème. Poursuite du traitement et contrôle dans un mois.",
  ],
];

export const CHINESE_RECORD: EvidenceEntry[] = NOTES.map(([occurredAt, text], index) =>
  toEvidence({ id: `note-${index}`, kind: 'note', occurredAt, body: { text } }),
);

export const CHINESE_RECORD_QUESTIONS: { question: string; expected: string }[] = [
  { question: '胸痛和心肌梗死的情况？', expected: 'note-0' },
  { question: '糖尿病控制得怎么样？', expected: 'note-1' },
  { question: 'insuffisance rénale', expected: 'note-3' },
];
