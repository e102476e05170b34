import { CHINESE_GENERICS } from './chinese-drug-names.js';

/**
 * Drug names the verifier must find in a cited quote when a sentence names them. Generic names of
 * commonly prescribed drugs (compiled for Anamnesis from general clinical usage; no third-party
 * list copied), common brand names mapped to their generic, and generic-name stems that catch
 * drugs not listed (e.g. any "-pril" is an ACE inhibitor).
 */
const GENERICS = `
acetaminophen paracetamol liothyronine aspirin ibuprofen naproxen diclofenac celecoxib ketorolac morphine oxycodone hydromorphone
fentanyl tramadol codeine hydrocodone methadone buprenorphine naloxone gabapentin pregabalin duloxetine amitriptyline
metformin glipizide glyburide gliclazide glimepiride sitagliptin linagliptin empagliflozin dapagliflozin canagliflozin
liraglutide semaglutide dulaglutide exenatide pioglitazone insulin glargine detemir degludec lispro aspart
lisinopril enalapril ramipril perindopril captopril losartan valsartan irbesartan candesartan olmesartan telmisartan
sacubitril amlodipine nifedipine diltiazem verapamil metoprolol atenolol bisoprolol carvedilol propranolol labetalol
nebivolol hydrochlorothiazide chlorthalidone indapamide furosemide bumetanide torsemide spironolactone eplerenone
hydralazine clonidine doxazosin nitroglycerin isosorbide digoxin amiodarone sotalol flecainide dronedarone ivabradine
warfarin apixaban rivaroxaban dabigatran edoxaban heparin enoxaparin clopidogrel ticagrelor prasugrel
atorvastatin rosuvastatin simvastatin pravastatin ezetimibe fenofibrate
levothyroxine methimazole propylthiouracil prednisone prednisolone methylprednisolone hydrocortisone dexamethasone
albuterol salbutamol ipratropium tiotropium fluticasone budesonide salmeterol formoterol montelukast
omeprazole pantoprazole esomeprazole lansoprazole famotidine ranitidine ondansetron metoclopramide
amoxicillin ampicillin penicillin piperacillin tazobactam cefazolin ceftriaxone cefuroxime cephalexin cefepime
azithromycin clarithromycin erythromycin doxycycline minocycline ciprofloxacin levofloxacin moxifloxacin
trimethoprim sulfamethoxazole nitrofurantoin metronidazole clindamycin vancomycin linezolid meropenem gentamicin
fluconazole acyclovir valacyclovir oseltamivir
sertraline fluoxetine citalopram escitalopram paroxetine venlafaxine bupropion mirtazapine trazodone
quetiapine olanzapine risperidone aripiprazole haloperidol lithium lorazepam diazepam alprazolam clonazepam zolpidem
levetiracetam phenytoin carbamazepine lamotrigine valproate topiramate donepezil memantine
allopurinol febuxostat colchicine methotrexate hydroxychloroquine sulfasalazine tamsulosin finasteride
potassium chloride ferrous sulfate folic acid cyanocobalamin vitamin calcium alendronate
tacrolimus mycophenolate cyclosporine adalimumab infliximab rituximab
`;

const BRANDS: Record<string, string> = {
  tylenol: 'acetaminophen',
  advil: 'ibuprofen',
  motrin: 'ibuprofen',
  glucophage: 'metformin',
  januvia: 'sitagliptin',
  jardiance: 'empagliflozin',
  farxiga: 'dapagliflozin',
  ozempic: 'semaglutide',
  lantus: 'glargine',
  zestril: 'lisinopril',
  prinivil: 'lisinopril',
  cozaar: 'losartan',
  entresto: 'sacubitril',
  norvasc: 'amlodipine',
  lopressor: 'metoprolol',
  toprol: 'metoprolol',
  coreg: 'carvedilol',
  lasix: 'furosemide',
  aldactone: 'spironolactone',
  coumadin: 'warfarin',
  eliquis: 'apixaban',
  xarelto: 'rivaroxaban',
  pradaxa: 'dabigatran',
  lovenox: 'enoxaparin',
  plavix: 'clopidogrel',
  brilinta: 'ticagrelor',
  lipitor: 'atorvastatin',
  crestor: 'rosuvastatin',
  zocor: 'simvastatin',
  synthroid: 'levothyroxine',
  ventolin: 'albuterol',
  prilosec: 'omeprazole',
  protonix: 'pantoprazole',
  zithromax: 'azithromycin',
  cipro: 'ciprofloxacin',
  augmentin: 'amoxicillin',
  keflex: 'cephalexin',
  zoloft: 'sertraline',
  prozac: 'fluoxetine',
  lexapro: 'escitalopram',
  seroquel: 'quetiapine',
  ativan: 'lorazepam',
  xanax: 'alprazolam',
  keppra: 'levetiracetam',
  zyloprim: 'allopurinol',
  flomax: 'tamsulosin',
};

const GENERIC_SET = new Set(GENERICS.split(/\s+/).filter(Boolean));
const STEMS =
  /^[a-z]{3,}(pril|sartan|olol|dipine|statin|gliptin|gliflozin|glutide|xaban|parin|floxacin|mycin|cycline|cillin|azole|prazole|tidine|setron|lukast|mab|nib|vir|afil|triptan|semide|thiazide)$/;

/** The generic name a word denotes, or undefined when it is not a drug name. */
export function drugName(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (GENERIC_SET.has(lower)) return lower;
  if (BRANDS[lower]) return BRANDS[lower];
  return STEMS.test(lower) ? lower : undefined;
}

/** Words that are drug names but also ordinary words in these phrases; not counted as drugs alone. */
const AMBIGUOUS = new Set([
  'vitamin',
  'calcium',
  'potassium',
  'chloride',
  'insulin',
  'lithium',
  'sulfate',
  'acid',
  'folic',
]);

/** Drugs named by two words whose parts alone are ambiguous (salts, vitamins). */
const COMPOUND =
  /\b(ferrous (?:sulfate|sulphate|gluconate|fumarate)|potassium chloride|folic acid|vitamin [a-z]\d{0,2}|calcium (?:carbonate|acetate))\b/g;

const CHINESE_NAMES = new RegExp(
  Object.keys(CHINESE_GENERICS)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);

/** Generic names of the drugs in `text` (each once); Chinese generic names count as their English one. */
export function findDrugs(text: string): Set<string> {
  const found = new Set<string>();
  const lower = text.toLowerCase();
  for (const m of text.matchAll(CHINESE_NAMES)) found.add(CHINESE_GENERICS[m[0]]!);
  for (const m of lower.matchAll(COMPOUND)) found.add(m[1]!.replace('sulphate', 'sulfate'));
  for (const word of lower.match(/[a-z][a-z-]+/g) ?? []) {
    if (AMBIGUOUS.has(word)) continue;
    const generic = drugName(word);
    if (generic) found.add(generic);
  }
  return found;
}
