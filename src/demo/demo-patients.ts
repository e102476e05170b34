import type { NewPatient } from '../patients/patients.service.js';

/** Synthetic patients for a first look. Every name, number and event here is invented. */
export interface DemoEntry {
  kind: 'note' | 'problem' | 'medication' | 'allergy' | 'observation' | 'encounter' | 'procedure';
  daysAgo: number;
  body: Record<string, unknown>;
}

export interface DemoPatient {
  patient: NewPatient;
  entries: DemoEntry[];
}

const creatinine = (daysAgo: number, value: number): DemoEntry => ({
  kind: 'observation',
  daysAgo,
  body: {
    codeSystem: 'LOINC',
    code: '2160-0',
    display: 'Creatinine',
    value,
    unit: 'mg/dL',
    referenceRange: { low: 0.6, high: 1.2 },
    abnormalFlag: value > 1.2 ? 'H' : 'N',
  },
});

const hba1c = (daysAgo: number, value: number): DemoEntry => ({
  kind: 'observation',
  daysAgo,
  body: {
    codeSystem: 'LOINC',
    code: '4548-4',
    display: 'Hemoglobin A1c',
    value,
    unit: '%',
    referenceRange: { high: 5.6 },
    abnormalFlag: value > 5.6 ? 'H' : 'N',
  },
});

const potassium = (daysAgo: number, value: number): DemoEntry => ({
  kind: 'observation',
  daysAgo,
  body: {
    codeSystem: 'LOINC',
    code: '2823-3',
    display: 'Potassium',
    value,
    unit: 'mmol/L',
    referenceRange: { low: 3.5, high: 5.1 },
    abnormalFlag: value > 5.1 ? 'H' : 'N',
  },
});

export const DEMO_PATIENTS: DemoPatient[] = [
  {
    patient: {
      mrn: 'DEMO-1001',
      assigningAuthority: 'DEMO',
      name: { family: 'Hartmann', given: ['Ilse'] },
      birthDate: '1951-03-14',
      sex: 'female',
    },
    entries: [
      {
        kind: 'problem',
        daysAgo: 3650,
        body: {
          codeSystem: 'ICD-10',
          code: 'E11.9',
          display: 'Type 2 diabetes mellitus without complications',
          onset: '2016-05-02',
        },
      },
      {
        kind: 'problem',
        daysAgo: 2900,
        body: { codeSystem: 'ICD-10', code: 'I10', display: 'Essential hypertension', onset: '2018-06-11' },
      },
      {
        kind: 'problem',
        daysAgo: 400,
        body: {
          codeSystem: 'ICD-10',
          code: 'N18.3',
          display: 'Chronic kidney disease, stage 3',
          onset: '2025-10-20',
        },
      },
      {
        kind: 'allergy',
        daysAgo: 3000,
        body: { substance: 'Penicillin', reaction: 'urticaria', severity: 'moderate' },
      },
      {
        kind: 'medication',
        daysAgo: 3600,
        body: { name: 'Metformin', dose: '1000 mg', route: 'oral', frequency: 'twice daily' },
      },
      {
        kind: 'medication',
        daysAgo: 2800,
        body: { name: 'Lisinopril', dose: '20 mg', route: 'oral', frequency: 'once daily' },
      },
      {
        kind: 'medication',
        daysAgo: 60,
        body: { name: 'Ibuprofen', dose: '400 mg', route: 'oral', frequency: 'as needed' },
      },
      creatinine(720, 1.0),
      creatinine(365, 1.2),
      creatinine(180, 1.3),
      creatinine(30, 1.6),
      creatinine(5, 1.9),
      potassium(30, 4.9),
      potassium(5, 5.4),
      hba1c(365, 7.4),
      hba1c(90, 7.9),
      {
        kind: 'encounter',
        daysAgo: 5,
        body: {
          type: 'outpatient',
          reason: 'Rising creatinine on routine labs',
          location: 'Nephrology clinic',
        },
      },
      {
        kind: 'note',
        daysAgo: 30,
        body: {
          title: 'Diabetes review',
          text: 'Reports knee pain for two months, taking ibuprofen 400 mg most days. Denies dysuria or haematuria. BP 148/90. Creatinine 1.6 mg/dL, up from 1.3 mg/dL in spring. Plan: stop ibuprofen, repeat renal panel in four weeks, review metformin dose against eGFR.',
        },
      },
      {
        kind: 'note',
        daysAgo: 5,
        body: {
          title: 'Nephrology consult',
          text: 'Creatinine 1.9 mg/dL and potassium 5.4 mmol/L. Still taking ibuprofen intermittently despite advice. No oedema. Assessment: acute on chronic kidney injury, likely NSAID-related, on background of diabetic kidney disease. Plan: stop NSAIDs, hold lisinopril for one week, renal ultrasound, recheck potassium in 3 days.',
        },
      },
    ],
  },
  {
    patient: {
      mrn: 'DEMO-1002',
      assigningAuthority: 'DEMO',
      name: { family: 'Okafor', given: ['Daniel', 'Chidi'] },
      birthDate: '1978-11-02',
      sex: 'male',
    },
    entries: [
      {
        kind: 'problem',
        daysAgo: 1500,
        body: {
          codeSystem: 'ICD-10',
          code: 'J45.40',
          display: 'Moderate persistent asthma',
          onset: '2022-09-01',
        },
      },
      {
        kind: 'allergy',
        daysAgo: 1400,
        body: { substance: 'Peanut', reaction: 'anaphylaxis', severity: 'severe' },
      },
      {
        kind: 'medication',
        daysAgo: 1400,
        body: {
          name: 'Budesonide/formoterol',
          dose: '200/6 mcg',
          route: 'inhaled',
          frequency: 'twice daily',
        },
      },
      {
        kind: 'medication',
        daysAgo: 1400,
        body: { name: 'Salbutamol', dose: '100 mcg', route: 'inhaled', frequency: 'as needed' },
      },
      {
        kind: 'observation',
        daysAgo: 3,
        body: {
          codeSystem: 'LOINC',
          code: '8867-4',
          display: 'Heart rate',
          value: 96,
          unit: '/min',
          referenceRange: { low: 60, high: 100 },
          abnormalFlag: 'N',
        },
      },
      {
        kind: 'observation',
        daysAgo: 3,
        body: {
          codeSystem: 'LOINC',
          code: '59408-5',
          display: 'Oxygen saturation',
          value: 93,
          unit: '%',
          referenceRange: { low: 95 },
          abnormalFlag: 'L',
        },
      },
      {
        kind: 'encounter',
        daysAgo: 3,
        body: {
          type: 'emergency',
          reason: 'Wheeze and chest tightness after a viral illness',
          location: 'Emergency department',
        },
      },
      {
        kind: 'note',
        daysAgo: 3,
        body: {
          title: 'ED assessment',
          text: 'Three days of cough and wheeze after a cold. Using salbutamol every two hours. Speaks in full sentences. SpO2 93% on air, heart rate 96/min, widespread wheeze. Assessment: moderate asthma exacerbation. Plan: nebulised salbutamol, prednisolone 40 mg for five days, review inhaler technique.',
        },
      },
    ],
  },
  {
    patient: {
      mrn: 'DEMO-1003',
      assigningAuthority: 'DEMO',
      name: { family: 'Lindqvist', given: ['Maja'] },
      birthDate: '1990-07-23',
      sex: 'female',
    },
    entries: [
      {
        kind: 'problem',
        daysAgo: 20,
        body: {
          codeSystem: 'ICD-10',
          code: 'R07.9',
          display: 'Chest pain, unspecified',
          onset: '2026-11-09',
        },
      },
      {
        kind: 'observation',
        daysAgo: 20,
        body: {
          codeSystem: 'LOINC',
          code: '10839-9',
          display: 'Troponin I',
          value: 0.01,
          unit: 'ng/mL',
          referenceRange: { high: 0.04 },
          abnormalFlag: 'N',
        },
      },
      {
        kind: 'procedure',
        daysAgo: 20,
        body: {
          codeSystem: 'CPT',
          code: '93000',
          display: 'Electrocardiogram',
          outcome: 'Sinus rhythm, no ischaemic changes',
        },
      },
      {
        kind: 'note',
        daysAgo: 20,
        body: {
          title: 'Chest pain clinic',
          text: 'Sharp left-sided chest pain for two days, worse on deep breathing and lying flat, eased by sitting forward. Recent flu-like illness. ECG sinus rhythm without ischaemic changes, troponin I 0.01 ng/mL. Assessment: pleuritic chest pain, pericarditis not excluded. Plan: echocardiogram, ibuprofen with food, review in one week.',
        },
      },
    ],
  },
];
