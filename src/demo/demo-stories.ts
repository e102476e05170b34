import type { DemoMessage, DemoPerson, LabResult } from './hl7-demo-messages.js';
import {
  clinicNote,
  discontinuation,
  dischargeSummary,
  labReport,
  prescription,
  registration,
  stay,
} from './hl7-demo-messages.js';
import { between, type Random } from './demo-people.js';

/** One patient's history: the messages the hospital sent over the years, and what to ask about it. */
export interface Story {
  name: string;
  question: { en: string; zh: string };
  write(ctx: StoryContext): DemoMessage[];
}

export interface StoryContext {
  person: DemoPerson;
  chinese: boolean;
  random: Random;
  /** A moment `daysAgo` before now at a time of day in [fromHour, toHour) (hospital clock, UTC). */
  at(daysAgo: number, fromHour?: number, toHour?: number): Date;
  /** A fresh order / document / visit number. */
  next(prefix: string): string;
  /** English or Chinese text, by the patient. */
  t(en: string, zh: string): string;
}

const lab =
  (loinc: string, name: string, unit: string, low?: number, high?: number) =>
  (value: number): LabResult => ({
    loinc,
    name,
    unit,
    value,
    low,
    high,
  });
const creatinine = lab('2160-0', 'Creatinine', 'mg/dL', 0.6, 1.2);
const potassium = lab('2823-3', 'Potassium', 'mmol/L', 3.5, 5.1);
const hba1c = lab('4548-4', 'Hemoglobin A1c', '%', undefined, 5.6);
const bnp = lab('30934-4', 'BNP', 'pg/mL', undefined, 100);
const inr = lab('6301-6', 'INR', '{INR}', 2, 3);
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Visits every 3–6 months from `years` ago to a few weeks ago: days-ago values, oldest first. */
function schedule(random: Random, years: number, untilDaysAgo = 20): number[] {
  const days: number[] = [];
  for (let d = Math.round(years * 365); d > untilDaysAgo; d -= Math.round(between(random, 90, 180)))
    days.push(d);
  return days;
}
const morning = (ctx: StoryContext, daysAgo: number) => ctx.at(daysAgo, 7, 10);
const clinic = (ctx: StoryContext, daysAgo: number) => ctx.at(daysAgo, 9, 17);

const ckd: Story = {
  name: 'CKD with NSAID use',
  question: { en: 'Why is the creatinine rising?', zh: '为什么肌酐在升高？' },
  write(ctx) {
    const { person: p, random } = ctx;
    const years = between(random, 4, 8);
    const start = Math.round(years * 365);
    const out = [
      registration(
        p,
        clinic(ctx, start),
        [
          { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
          { code: 'I10', display: 'Essential hypertension' },
        ],
        [{ substance: 'Penicillin', reaction: 'urticaria', severity: 'MO' }],
      ),
      prescription(p, ctx.next('RX'), clinic(ctx, start - 1), {
        name: 'Metformin',
        amount: '1000',
        unit: 'mg',
      }),
      prescription(p, ctx.next('RX'), clinic(ctx, start - 30), {
        name: 'Lisinopril',
        amount: '20',
        unit: 'mg',
      }),
    ];
    const nsaidDay = Math.round(between(random, 100, 160));
    let value = between(random, 0.9, 1.05);
    let previous = value;
    for (const day of schedule(random, years, 5)) {
      value += day < nsaidDay ? between(random, 0.15, 0.3) : between(random, 0.0, 0.06);
      out.push(
        labReport(p, ctx.next('L'), morning(ctx, day), [
          creatinine(round(value)),
          potassium(round(between(random, 4.2, 4.9))),
        ]),
      );
      if (day < 400 && day > nsaidDay && !out.some((m) => m.text.includes('N18.3')))
        out.push(
          registration(
            p,
            clinic(ctx, day - 2),
            [{ code: 'N18.3', display: 'Chronic kidney disease, stage 3' }],
            [],
            'A08',
          ),
        );
      previous = day < nsaidDay ? previous : value;
    }
    const ibuprofen = { order: ctx.next('RX'), name: 'Ibuprofen', amount: '400', unit: 'mg' };
    out.push(prescription(p, ibuprofen.order, clinic(ctx, nsaidDay + 10), ibuprofen));
    out.push(
      clinicNote(
        p,
        ctx.next('N'),
        clinic(ctx, 30),
        ctx.t('Diabetes review', '糖尿病复诊'),
        ctx.t(
          `Reports knee pain for months, taking ibuprofen 400 mg most days. Creatinine ${round(value - 0.2)} mg/dL, up from ${round(previous)} mg/dL before the ibuprofen. BP 148/90. Plan: stop ibuprofen, repeat renal panel in four weeks, review metformin against eGFR.`,
          `膝关节疼痛数月，几乎每天服用布洛芬400 mg。肌酐${round(value - 0.2)} mg/dL，服用布洛芬前为${round(previous)} mg/dL。血压148/90。计划：停用布洛芬，四周后复查肾功能，根据eGFR调整二甲双胍剂量。`,
        ),
      ),
      clinicNote(
        p,
        ctx.next('N'),
        clinic(ctx, 4),
        ctx.t('Nephrology consult', '肾内科会诊'),
        ctx.t(
          `Creatinine ${round(value)} mg/dL. Still taking ibuprofen intermittently despite advice. Assessment: acute on chronic kidney injury, likely NSAID-related, on diabetic kidney disease. Plan: ibuprofen stopped, hold lisinopril for one week, renal ultrasound.`,
          `肌酐${round(value)} mg/dL。尽管已告知，仍间断服用布洛芬。评估：慢性肾病基础上的急性肾损伤，考虑与非甾体抗炎药有关。计划：停用布洛芬，暂停赖诺普利一周，肾脏超声检查。`,
        ),
      ),
      discontinuation(p, ibuprofen.order, clinic(ctx, 4), ibuprofen),
    );
    return out;
  },
};

const diabetes: Story = {
  name: 'Type 2 diabetes over years',
  question: { en: 'How has the diabetes control changed?', zh: '糖尿病控制情况有何变化？' },
  write(ctx) {
    const { person: p, random } = ctx;
    const years = between(random, 3, 9);
    const start = Math.round(years * 365);
    const out = [
      registration(p, clinic(ctx, start), [
        { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
      ]),
      prescription(p, ctx.next('RX'), clinic(ctx, start - 2), {
        name: 'Metformin',
        amount: '500',
        unit: 'mg',
      }),
    ];
    const days = schedule(random, years);
    const switchAt = days[Math.floor(days.length * 0.6)]!;
    let value = between(random, 7.0, 7.6);
    const seen: { day: number; value: number }[] = [];
    for (const day of days) {
      value += day > switchAt ? between(random, 0.0, 0.3) : -between(random, 0.05, 0.35);
      value = Math.max(value, 6.2);
      seen.push({ day, value: round(value) });
      out.push(labReport(p, ctx.next('L'), morning(ctx, day), [hba1c(round(value))]));
      if (day === switchAt) {
        out.push(
          prescription(p, ctx.next('RX'), clinic(ctx, day - 7), {
            name: 'Empagliflozin',
            amount: '10',
            unit: 'mg',
          }),
        );
        const before = seen.at(-2)?.value ?? seen[0]!.value;
        out.push(
          clinicNote(
            p,
            ctx.next('N'),
            clinic(ctx, day - 7),
            ctx.t('Diabetes review', '糖尿病复诊'),
            ctx.t(
              `HbA1c ${round(value)}%, up from ${before}% at the previous review despite metformin. Weight up 3 kg. Plan: add empagliflozin 10 mg once daily, dietitian referral.`,
              `糖化血红蛋白${round(value)}%，上次复诊为${before}%，二甲双胍治疗下仍升高。体重增加3公斤。计划：加用恩格列净10 mg每日一次，转营养科。`,
            ),
          ),
        );
      }
    }
    const last = seen.at(-1)!;
    out.push(
      clinicNote(
        p,
        ctx.next('N'),
        clinic(ctx, last.day - 3),
        ctx.t('Diabetes review', '糖尿病复诊'),
        ctx.t(
          `HbA1c ${last.value}% on metformin and empagliflozin. No hypoglycaemia. Foot check normal. Continue.`,
          `二甲双胍联合恩格列净治疗，糖化血红蛋白${last.value}%。无低血糖。足部检查正常。继续目前治疗。`,
        ),
      ),
    );
    return out;
  },
};

const heartFailure: Story = {
  name: 'Heart failure admission',
  question: { en: 'What happened during the last admission?', zh: '最近一次住院期间发生了什么？' },
  write(ctx) {
    const { person: p, random } = ctx;
    const admitDay = Math.round(between(random, 40, 200));
    const admit = ctx.at(admitDay, 0, 24);
    const hours = (h: number) => new Date(admit.getTime() + h * 3_600_000);
    const discharge = ctx.at(admitDay - Math.round(between(random, 5, 9)), 10, 13);
    const diagnosis = { code: 'I50.9', display: 'Heart failure, unspecified' };
    const amlodipine = { order: ctx.next('RX'), name: 'Amlodipine', amount: '5', unit: 'mg' };
    const out = [
      registration(p, clinic(ctx, admitDay + 900), [{ code: 'I10', display: 'Essential hypertension' }]),
      prescription(p, amlodipine.order, clinic(ctx, admitDay + 890), amlodipine),
      labReport(p, ctx.next('L'), hours(0.5), [
        bnp(Math.round(between(random, 900, 1600))),
        creatinine(round(between(random, 1.1, 1.4))),
      ]),
      ...stay(
        p,
        ctx.next('V'),
        [
          { at: admit, location: 'ED^BAY3^1^DEMOHOSP' },
          { at: hours(6), location: 'CCU^C2^1^DEMOHOSP' },
          { at: hours(50), location: 'CARD^412^B^DEMOHOSP' },
        ],
        discharge,
        diagnosis,
      ),
      prescription(p, ctx.next('RX'), hours(1), { name: 'Furosemide', amount: '40', unit: 'mg' }),
      labReport(p, ctx.next('L'), ctx.at(admitDay - 3, 6, 8), [bnp(Math.round(between(random, 300, 600)))]),
      discontinuation(p, amlodipine.order, discharge, amlodipine),
      dischargeSummary(
        p,
        ctx.next('DS'),
        discharge,
        ctx.t(
          'Admitted via ED with breathlessness and leg oedema, BNP markedly raised. Two days in CCU on IV furosemide, then cardiology ward. Echo: ejection fraction 35%. Amlodipine stopped; furosemide 40 mg continued. Discharged home.',
          '因气促和下肢水肿经急诊入院，BNP明显升高。在CCU静脉使用呋塞米两天，后转心内科病房。超声心动图：射血分数35%。停用氨氯地平，继续呋塞米40 mg。出院回家。',
        ),
      ),
      clinicNote(
        p,
        ctx.next('N'),
        clinic(ctx, Math.max(admitDay - 30, 5)),
        ctx.t('Heart failure clinic', '心衰门诊'),
        ctx.t(
          'Seen after the recent heart failure admission (ejection fraction 35% on echo). Breathing better, weight stable. Plan: start ramipril, repeat BNP and renal function in two weeks.',
          '近期心衰住院后复诊（超声心动图射血分数35%）。气促改善，体重稳定。计划：加用雷米普利，两周后复查BNP和肾功能。',
        ),
      ),
    ];
    return out;
  },
};

const atrialFibrillation: Story = {
  name: 'Atrial fibrillation, warfarin to apixaban',
  question: { en: 'Why was warfarin stopped?', zh: '为什么停用华法林？' },
  write(ctx) {
    const { person: p, random } = ctx;
    const years = between(random, 3, 7);
    const start = Math.round(years * 365);
    const switchDay = Math.round(between(random, 90, 300));
    const warfarin = { order: ctx.next('RX'), name: 'Warfarin', amount: '5', unit: 'mg' };
    const out = [
      registration(p, clinic(ctx, start), [{ code: 'I48.91', display: 'Atrial fibrillation, unspecified' }]),
      prescription(p, warfarin.order, clinic(ctx, start - 1), warfarin),
    ];
    const values: number[] = [];
    for (let day = start - 14; day > switchDay; day -= Math.round(between(random, 28, 60))) {
      const value = round(between(random, 1.4, 3.9));
      values.push(value);
      out.push(labReport(p, ctx.next('L'), morning(ctx, day), [inr(value)]));
    }
    const outOfRange = values.filter((v) => v < 2 || v > 3).length;
    out.push(
      discontinuation(p, warfarin.order, clinic(ctx, switchDay), warfarin),
      prescription(p, ctx.next('RX'), clinic(ctx, switchDay), { name: 'Apixaban', amount: '5', unit: 'mg' }),
      clinicNote(
        p,
        ctx.next('N'),
        clinic(ctx, switchDay),
        ctx.t('Anticoagulation review', '抗凝门诊'),
        ctx.t(
          `INR out of range in ${outOfRange} of ${values.length} checks on warfarin, one minor bleed. Warfarin stopped; apixaban 5 mg twice daily started. Renal function normal.`,
          `华法林治疗期间${values.length}次INR中有${outOfRange}次不在目标范围，曾有一次轻微出血。停用华法林，开始阿哌沙班5 mg每日两次。肾功能正常。`,
        ),
      ),
    );
    return out;
  },
};

export const STORIES: readonly Story[] = [ckd, diabetes, heartFailure, atrialFibrillation];
