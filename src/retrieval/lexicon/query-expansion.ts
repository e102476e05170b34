/** Moved to ../lexical/query-expansion.ts (the lexicon itself is in src/terminology); kept for imports not yet updated. */
export {
  MEMBER_WEIGHT,
  QueryExpansion,
  VARIANT_WEIGHT,
  type WeightedTerms,
} from '../lexical/query-expansion.js';
