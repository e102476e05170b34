import { normaliseTerm } from '../../terminology/text/normalise.js';

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
  // Chinese cues (no word boundaries in Chinese).
  ['medication', /药|服用|剂量|处方|胰岛素|他汀|降压|降糖|抗凝|抗血小板|抗生素/],
  ['lab', /化验|检验|指标|水平|结果|趋势|肌酐|糖化|血红蛋白|肌钙蛋白|血钾|血钠|血糖|肾功能|肝功能|甲功/],
  ['imaging', /影像|磁共振|超声|彩超|x线|胸片|造影|心超/],
  ['procedure', /手术|支架|介入|活检|置管/],
  ['allergy', /过敏/],
  ['problem', /诊断|病史|疾病|既往/],
];

export function kindPriors(question: string): Set<string> {
  const lower = normaliseTerm(question);
  return new Set(KIND_CUES.filter(([, cue]) => cue.test(lower)).map(([kind]) => kind));
}
