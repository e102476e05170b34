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

const PHRASES = new Map<string, string>();
for (const group of SYNONYM_GROUPS)
  for (const term of group) PHRASES.set(term, group[0]!.replace(/[\s.]+/g, '_'));

/** Multi-word terms, longest first, for phrase replacement before tokenising. */
export const MULTI_WORD_TERMS = [...PHRASES.keys()]
  .filter((t) => /[\s.]/.test(t))
  .sort((a, b) => b.length - a.length);

export function canonicalTerm(term: string): string | undefined {
  return PHRASES.get(term);
}
