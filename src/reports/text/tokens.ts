import { canonicalTerm, MULTI_WORD_TERMS } from '../../terminology/synonyms.js';
import { CJK_CHAR, CJK_RUN, cjkWords } from '../../terminology/text/cjk.js';
import { normaliseTerm } from '../../terminology/text/normalise.js';

/**
 * Content tokens for the support score, in English and Chinese: normalised words
 * (src/terminology/text/normalise.ts; Chinese split into words by cjk.ts), synonyms folded to one canonical
 * token, light suffix stemming, stop words and report scaffolding removed. Numbers, dates and
 * codes are checked exactly elsewhere, so they are dropped here.
 */
export interface Token {
  /** Canonical form compared between sentence and quote. */
  term: string;
  /** Index among all words of the text (for negation scope). */
  position: number;
  /** Clause number: punctuation and "but" end a clause. */
  clause: number;
}

const STOP = new Set(
  `a an the and or of in on at to for with by from as is are was were be been being this that these those it its
  his her their he she they them patient patients pt mr mrs ms which who whom also has have had having per over under
  into than then there here after before during while since until via any all some each other such same both most more
  very further again will would may might can could should must do does did done why what how when where whether
  explain summarise summarize please new work-up workup evaluate evaluation cause causes review about regarding
  患者 病人 情况 怎么样 怎么 如何 什么 哪些 是否 目前 最近 为什么 已经 进行 给予 出现 一下 请问`.split(/\s+/),
);

/**
 * Words a report uses to arrange facts that are not themselves claims ("documented", "rose",
 * "latest"). Trend words are checked against the numbers by the verifier's trend rule instead.
 */
const SCAFFOLD = new Set(
  `documented document documents recorded record records noted note notes listed list lists entry entries shows show
  showed shown reported reports report states stated says said describes described mentions mentioned result results
  value values level levels latest last recent recently most current currently previous previously prior earlier
  later dated date dates measured measurement reading readings rose rise rising risen increased increase increasing
  climbed climbing fell fall falling fallen decreased decrease decreasing declined decline declining dropped stable unchanged
  trend trends between ref reference range onset status active supporting support supports finding findings
  problem problems medication medications allergy allergies diagnosis diagnoses diagnosed assessment assessments
  history relevant key question presenting taking takes prescribed reaction result test tests lab labs observation
  observations vital vitals sign signs plan impression summary noted mg ml serum plasma
  记录 显示 结果 检查 化验 最新 此前 之前 升高 增高 上升 降低 下降 增加 减少 稳定 持平 变化 诊断 计划 评估 用药 药物 服用
  支持 依据 过敏`.split(/\s+/),
);

const NEGATION_BEFORE = new Set([
  'no',
  'not',
  'denies',
  'denied',
  'deny',
  'denying',
  'without',
  'never',
  'none',
  'nor',
  'negative',
  'absent',
  'free',
  '无',
  '否认',
  '未',
  '未见',
  '未发现',
  '没有',
  '不',
  '排除',
]);
const NEGATION_AFTER = ['ruled out', 'negative', 'absent', 'excluded', 'not present', 'not seen', 'resolved'];
const NEGATION_AFTER_SINGLE = new Set(['negative', 'absent', 'excluded', 'resolved', '阴性']);
const CLAUSE_BREAKS = new Set(['|', 'but', 'however', '但', '但是', '然而']);

export interface TokenisedText {
  tokens: Token[];
  /** The normalised text (a Chinese word is supported when it occurs in the quotes' text). */
  normalised: string;
  /** Canonical terms that are negated in their clause. */
  negated: Set<string>;
  /** Canonical terms that appear un-negated at least once. */
  affirmed: Set<string>;
  /** Clauses that contain a negation cue anywhere ("The ECG showed no changes"). */
  cueClauses: Set<number>;
}

export function tokenise(text: string): TokenisedText {
  const normalised = normaliseTerm(text);
  const words = splitWords(normalised);
  const tokens: Token[] = [];
  const negated = new Set<string>();
  const affirmed = new Set<string>();
  const cueClauses = new Set<number>();
  let clause = 0;
  let lastNegationAt = -100;
  let negationClause = -1;
  words.forEach((word, position) => {
    if (CLAUSE_BREAKS.has(word)) {
      clause++;
      return;
    }
    if (NEGATION_BEFORE.has(word) || NEGATION_AFTER_SINGLE.has(word) || word === 'ruled')
      cueClauses.add(clause);
    if (NEGATION_BEFORE.has(word)) {
      lastNegationAt = position;
      negationClause = clause;
    }
    // A number is checked exactly elsewhere; a clinical term with a digit (hba1c, t2dm) is a word.
    const number = /\d/.test(word) && !canonicalTerm(word);
    if (STOP.has(word) || SCAFFOLD.has(word) || NEGATION_BEFORE.has(word) || number) return;
    const term = word.includes('_') ? word : (canonicalTerm(word) ?? stem(word));
    if (term.length < 2 && !canonicalTerm(word)) return;
    tokens.push({ term, position, clause });
    const before = negationClause === clause && position - lastNegationAt <= 6;
    const after = negatedAfter(words, position);
    (before || after ? negated : affirmed).add(term);
  });
  return { tokens, normalised, negated, affirmed, cueClauses };
}

function negatedAfter(words: string[], position: number): boolean {
  for (let i = position + 1; i <= position + 3 && i < words.length; i++) {
    const word = words[i]!;
    if (word === '|') return false;
    if (NEGATION_AFTER_SINGLE.has(word)) return true;
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (NEGATION_AFTER.includes(pair)) return true;
  }
  return false;
}

/** Normalised words with multi-word (and CJK) synonyms joined and clause punctuation kept as '|'. */
function splitWords(normalised: string): string[] {
  let lower = ` ${normalised.replace(/[’']/g, '')} `;
  for (const phrase of MULTI_WORD_TERMS) {
    if (!lower.includes(phrase)) continue;
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A CJK term becomes an ASCII placeholder, so a shorter term cannot match inside it again.
    const cjk = CJK_INDEX.get(phrase);
    lower = lower.replace(
      new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'g'),
      cjk === undefined ? ` ${phrase.replace(/[\s.]+/g, '_')} ` : ` cjk_${cjk}_ `,
    );
  }
  return lower
    .replace(/[。；！？，：]|(?<=\p{Script=Han})[;:,!?]/gu, ' | ')
    .replace(/、/g, ' ')
    .replace(/[;:,.!?()[\]—–]+(?=\s|$)/g, ' | ')
    .replace(/[()[\]]/g, ' | ')
    .split(/[\s/"]+/)
    .map((w) => (w === '|' ? w : w.replace(/^[^\p{L}\p{N}_|]+|[^\p{L}\p{N}_]+$/gu, '')))
    .filter(Boolean)
    .flatMap((w) => (w.includes('-') && !canonicalTerm(w) ? w.split('-').filter(Boolean) : [w]))
    .flatMap((w) => (CJK_CHAR.test(w) && !canonicalTerm(w) ? splitCjk(w) : [w]))
    .map((w) => (w.includes('_') ? placeholderTerm(w) : w));
}

const CJK_TERMS = MULTI_WORD_TERMS.filter((term) => CJK_CHAR.test(term));
const CJK_INDEX = new Map(CJK_TERMS.map((term, index) => [term, index]));

function placeholderTerm(word: string): string {
  const cjk = /^cjk_(\d+)_$/.exec(word);
  if (cjk) return canonicalTerm(CJK_TERMS[Number(cjk[1])]!)!;
  return canonicalTerm(word.replace(/_/g, ' ')) ?? word;
}

/** A word with CJK in it: its CJK runs split into dictionary words, the rest kept as written. */
function splitCjk(word: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const run of word.matchAll(CJK_RUN)) {
    if (run.index > from) parts.push(word.slice(from, run.index));
    parts.push(...cjkWords(run[0]).map((piece) => piece.text));
    from = run.index + run[0].length;
  }
  if (from < word.length) parts.push(word.slice(from));
  return parts.map((w) => w.replace(/^[^\p{L}\p{N}|]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
}

/** Crude English suffix stripping: enough for "infiltrates"/"infiltrate", "worsening"/"worsen". */
export function stem(word: string): string {
  if (word.length <= 4 || !/^[a-z]+$/.test(word)) return word;
  for (const suffix of [
    'ations',
    'ation',
    'ments',
    'ment',
    'ings',
    'ing',
    'ies',
    'ied',
    'es',
    'ed',
    'ly',
    's',
  ]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      const base = word.slice(0, -suffix.length);
      return suffix === 'ies' || suffix === 'ied' ? `${base}y` : base;
    }
  }
  return word;
}
