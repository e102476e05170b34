import type { Unsupported } from '../report.types.js';
import type { TextFacts } from './evidence-facts.js';

/**
 * Words that change what a finding means — a medication's status, a result's interpretation, a
 * course, a dosing frequency. Unlike other words they are never carried by the rest of the
 * sentence: when a sentence uses one (canonical form, src/terminology/synonyms.ts), a cited quote
 * must use it too. ("Lisinopril was stopped" is not supported by "Lisinopril 20 mg (active)".)
 */
const STRICT = new Set([
  'stopped',
  'positive',
  'high',
  'low',
  'normal',
  'abnormal',
  'worsening',
  'improving',
  'resolv',
  'once_daily',
  'twice_daily',
  'three_times_daily',
  'as_needed',
  'acute',
  'chronic',
  'bilateral',
  'left',
  'right',
]);

export function checkQualifiers(sentence: TextFacts, evidence: TextFacts): Unsupported | undefined {
  const available = new Set(evidence.words.tokens.map((t) => t.term));
  for (const { term } of sentence.words.tokens)
    if (STRICT.has(term) && !available.has(term))
      return {
        code: 'qualifier',
        reason: 'a status, interpretation or frequency in the sentence is not in the cited quotes',
      };
  return undefined;
}
