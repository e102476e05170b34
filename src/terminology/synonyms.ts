import { CHINESE_GENERICS } from './drugs/chinese-drug-names.js';
import { CJK_CHAR } from './text/cjk.js';
import { normaliseTerm } from './text/normalise.js';

/**
 * Interchangeable clinical terms for the verifier's support score: an abbreviation and its full
 * term count as the same word. Deliberately stricter than retrieval's lexicon: no drug classes
 * (warfarin and apixaban are not synonyms here) and no "related" terms, only equivalents.
 * The first term of each group is the canonical form. Compiled for Anamnesis; no list copied.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['myocardial infarction', 'mi', 'heart attack'],
  ['hypertension', 'htn', 'high blood pressure'],
  ['dyspnea', 'sob', 'shortness of breath', 'breathlessness', 'dyspnoea'],
  ['creatinine', 'creat', 'scr', 'cr'],
  ['renal', 'kidney'],
  ['acute kidney injury', 'aki', 'acute renal failure'],
  ['chronic kidney disease', 'ckd'],
  ['egfr', 'gfr', 'estimated glomerular filtration rate', 'glomerular filtration rate'],
  ['diabetes', 'dm', 't2dm', 'diabetes mellitus'],
  ['hba1c', 'a1c', 'hemoglobin a1c', 'glycated hemoglobin'],
  ['glucose', 'blood sugar'],
  ['heart failure', 'chf', 'hf', 'congestive heart failure', 'cardiac failure'],
  ['atrial fibrillation', 'af', 'afib', 'a-fib'],
  ['copd', 'chronic obstructive pulmonary disease'],
  ['pneumonia', 'pna'],
  ['pulmonary embolism', 'pe'],
  ['deep vein thrombosis', 'dvt'],
  ['urinary tract infection', 'uti'],
  ['ecg', 'ekg', 'electrocardiogram'],
  ['troponin', 'trop', 'tni', 'tnt'],
  ['bnp', 'brain natriuretic peptide'],
  ['nt-probnp', 'probnp'],
  ['blood pressure', 'bp'],
  ['heart rate', 'hr', 'pulse'],
  ['chest pain', 'cp'],
  ['coronary artery disease', 'cad'],
  ['stroke', 'cva', 'cerebrovascular accident'],
  ['transient ischemic attack', 'tia'],
  ['hemoglobin', 'hgb', 'hb', 'haemoglobin'],
  ['anemia', 'anaemia'],
  ['wbc', 'white blood cell', 'white cell count', 'leukocyte'],
  ['platelet', 'plt', 'platelets'],
  ['potassium', 'k'],
  ['sodium', 'na'],
  ['inr', 'international normalized ratio'],
  ['ldl', 'ldl cholesterol', 'low-density lipoprotein'],
  ['tsh', 'thyroid stimulating hormone'],
  ['gerd', 'gastroesophageal reflux disease', 'reflux'],
  ['fever', 'pyrexia', 'febrile'],
  ['crp', 'c-reactive protein'],
  ['ct', 'computed tomography'],
  ['cxr', 'chest x-ray', 'chest radiograph'],
  ['echocardiogram', 'echo', 'tte'],
  ['ejection fraction', 'ef', 'lvef'],
  ['edema', 'oedema', 'swelling'],
  ['twice daily', 'bid', 'b.i.d.'],
  ['three times daily', 'tid'],
  ['once daily', 'qd', 'daily'],
  ['as needed', 'prn'],
  ['oral', 'po', 'by mouth'],
  ['intravenous', 'iv'],
  ['history', 'hx', 'pmh'],
  ['bun', 'blood urea nitrogen', 'urea'],
  ['high', 'h', 'hh', 'elevated', 'raised', 'above range'],
  ['low', 'l', 'll', 'below range', 'reduced'],
  ['nkda', 'no known drug allergies'],
  ['alt', 'alanine aminotransferase'],
  ['ast', 'aspartate aminotransferase'],
  ['high-sensitivity', 'hs'],
  ['menorrhagia', 'heavy menstrual bleeding'],
  ['stopped', 'discontinued', 'ceased', 'held', 'withdrawn'],
  ['positive', 'detected'],
  ['abnormal', 'abnormality'],
  ['worsening', 'worse', 'worsened', 'deteriorating', 'deteriorated'],
  ['improving', 'improved', 'better', 'improvement'],
  ['fatigue', 'tired', 'tiredness', 'fatigued', 'lethargy', 'lethargic'],
];

/**
 * Chinese terms that are strict equivalents of a group above (first: that group's first term).
 * Stricter than the retrieval lexicon (lexicon/chinese-lexicon.ts): 胸闷 (chest tightness) and
 * 心绞痛 (angina) are not "chest pain" here. Same source and licence as chinese-lexicon.ts.
 */
export const CHINESE_SYNONYMS: readonly (readonly string[])[] = [
  ['myocardial infarction', '心肌梗死', '心肌梗塞', '心梗'],
  ['hypertension', '高血压', '高血压病'],
  ['dyspnea', '呼吸困难', '气促', '气短'],
  ['creatinine', '肌酐', '血肌酐'],
  ['renal', '肾脏', '肾'],
  ['acute kidney injury', '急性肾损伤'],
  ['chronic kidney disease', '慢性肾脏病', '慢性肾病'],
  ['egfr', '估算肾小球滤过率', '肾小球滤过率'],
  ['diabetes', '糖尿病'],
  ['hba1c', '糖化血红蛋白', '糖化'],
  ['glucose', '血糖', '葡萄糖'],
  ['heart failure', '心力衰竭', '心衰'],
  ['atrial fibrillation', '心房颤动', '房颤'],
  ['copd', '慢性阻塞性肺疾病', '慢阻肺'],
  ['pneumonia', '肺炎'],
  ['pulmonary embolism', '肺栓塞'],
  ['deep vein thrombosis', '深静脉血栓'],
  ['urinary tract infection', '尿路感染'],
  ['ecg', '心电图'],
  ['troponin', '肌钙蛋白'],
  ['bnp', '脑钠肽', 'B型钠尿肽'],
  ['blood pressure', '血压'],
  ['heart rate', '心率'],
  ['chest pain', '胸痛'],
  ['coronary artery disease', '冠心病'],
  ['stroke', '脑卒中', '卒中'],
  ['hemoglobin', '血红蛋白'],
  ['anemia', '贫血'],
  ['wbc', '白细胞'],
  ['platelet', '血小板'],
  ['potassium', '血钾', '钾'],
  ['sodium', '血钠', '钠'],
  ['ldl', '低密度脂蛋白'],
  ['fever', '发热', '发烧'],
  ['crp', 'C反应蛋白'],
  ['echocardiogram', '超声心动图', '心脏彩超'],
  ['ejection fraction', '射血分数'],
  ['edema', '水肿', '浮肿'],
  ['once daily', '每日一次', '每天一次', '每日1次'],
  ['twice daily', '每日两次', '每日二次', '每天两次', '每日2次'],
  ['three times daily', '每日三次', '每天三次', '每日3次'],
  ['as needed', '必要时'],
  ['oral', '口服'],
  ['intravenous', '静脉注射', '静脉滴注'],
  ['history', '病史', '既往史'],
  // 升高/降低 mean "elevated" or "rising": trend words (the verifier's trend rule), not qualifiers.
  ['high', '偏高'],
  ['low', '偏低'],
  ['stopped', '停用', '停药', '已停'],
  ['positive', '阳性'],
  ['abnormal', '异常'],
  ['worsening', '加重', '恶化'],
  ['improving', '好转', '改善'],
  ['fatigue', '乏力', '疲劳'],
];

const PHRASES = new Map<string, string>();
for (const group of SYNONYM_GROUPS)
  for (const term of group) PHRASES.set(term, group[0]!.replace(/[\s.]+/g, '_'));
for (const [english, ...chinese] of CHINESE_SYNONYMS)
  for (const term of chinese) PHRASES.set(normaliseTerm(term), PHRASES.get(english!)!);
// A Chinese generic drug name and its English generic name are the same word.
for (const [chinese, english] of Object.entries(CHINESE_GENERICS))
  PHRASES.set(chinese, PHRASES.get(english) ?? english);

/** Multi-word terms (and every CJK term: no spaces to split on), longest first, for phrase replacement before tokenising. */
export const MULTI_WORD_TERMS = [...PHRASES.keys()]
  .filter((t) => /[\s.]/.test(t) || CJK_CHAR.test(t))
  .sort((a, b) => b.length - a.length);

export function canonicalTerm(term: string): string | undefined {
  return PHRASES.get(term);
}
