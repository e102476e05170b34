/**
 * Entry-kind priors from the question's wording: a question about medications favours medication
 * entries, one about results favours labs, one about imaging favours imaging. Returns kind → 1
 * for the kinds the question points at (the blend weighs it).
 */
const KIND_CUES: [kind: string, cue: RegExp][] = [
  [
    'medication',
    /\b(medications?|meds|drugs?|taking|prescribed|prescriptions?|dose|doses|therapy|treatment|inhalers?|antibiotics?|antidepressants?|antiplatelets?|anticoagula\w*|blood thinners?|statins?|insulin|diuretics?|antihypertensives?|glucose-lowering)\b/,
  ],
  [
    'lab',
    /\b(labs?|levels?|results?|values?|trend|tests?|markers?|studies|panel|blood gas|cultures?|a1c|hba1c|bnp|creatinine|potassium|sodium|hemoglobin|troponin|tsh|egfr|ferritin|crp|wbc|function)\b/,
  ],
  [
    'imaging',
    /\b(imaging|scans?|x-?rays?|radiographs?|ultrasound|duplex|ct|mri|echo\w*|angiogram|hydronephrosis)\b/,
  ],
  ['procedure', /\b(stents?|catheteri[sz]ation|procedures?|surgery|operation|biopsy|pci|angioplasty)\b/],
  ['allergy', /\b(allerg\w*|reactions?|intoleran\w*)\b/],
  ['problem', /\b(diagnos\w*|problems?|conditions?|history)\b/],
];

export function kindPriors(question: string): Set<string> {
  const lower = question.toLowerCase();
  return new Set(KIND_CUES.filter(([, cue]) => cue.test(lower)).map(([kind]) => kind));
}
