/**
 * Which results bear on which clinical topic: used to pick the results a question is about and
 * the findings that support a documented diagnosis. Keys and values are canonical terms
 * (src/terminology/synonyms.ts); a result matches when its name contains one of the values.
 */
export const TOPIC_RESULTS: Record<string, readonly string[]> = {
  renal: ['creatinine', 'egfr', 'bun', 'potassium', 'urea'],
  chronic_kidney_disease: ['creatinine', 'egfr', 'potassium', 'albumin'],
  acute_kidney_injury: ['creatinine', 'egfr', 'bun', 'potassium'],
  creatinine: ['creatinine', 'egfr'],
  diabetes: ['hba1c', 'glucose'],
  glucose: ['glucose', 'hba1c'],
  heart_failure: ['bnp', 'nt-probnp', 'ejection', 'sodium'],
  dyspnea: ['bnp', 'nt-probnp', 'oxygen', 'respiratory', 'hemoglobin', 'd-dimer'],
  chest_pain: ['troponin', 'ecg', 'd-dimer'],
  myocardial_infarction: ['troponin', 'ck-mb'],
  anemia: ['hemoglobin', 'ferritin', 'mcv', 'b12'],
  fatigue: ['hemoglobin', 'tsh', 'ferritin', 'glucose'],
  infection: ['wbc', 'crp', 'procalcitonin', 'lactate', 'temperature'],
  fever: ['wbc', 'crp', 'temperature', 'procalcitonin'],
  sepsis: ['wbc', 'lactate', 'crp', 'procalcitonin'],
  pneumonia: ['wbc', 'crp', 'oxygen', 'temperature'],
  liver: ['alt', 'ast', 'bilirubin', 'albumin', 'alkaline'],
  thyroid: ['tsh', 'free t4'],
  hypothyroidism: ['tsh', 'free t4'],
  anticoagulation: ['inr', 'hemoglobin', 'platelet'],
  atrial_fibrillation: ['heart_rate', 'inr', 'tsh'],
  hypertension: ['blood_pressure', 'systolic', 'diastolic'],
  ldl: ['ldl', 'cholesterol', 'triglyceride'],
  cholesterol: ['ldl', 'cholesterol', 'triglyceride'],
  potassium: ['potassium', 'creatinine'],
  hyperkalemia: ['potassium', 'creatinine'],
  sodium: ['sodium'],
  hyponatremia: ['sodium'],
  gout: ['urate', 'uric'],
  copd: ['oxygen', 'co2', 'eosinophil'],
  asthma: ['eosinophil', 'peak'],
};

/** Result-name fragments a set of canonical terms points at (the terms themselves included). */
export function resultFragments(terms: Iterable<string>): Set<string> {
  const fragments = new Set<string>();
  for (const term of terms) {
    fragments.add(term.replace(/_/g, ' '));
    for (const fragment of TOPIC_RESULTS[term] ?? []) fragments.add(fragment.replace(/_/g, ' '));
  }
  return fragments;
}
