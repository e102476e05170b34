export type ChainProblem =
  | 'modified'
  | 'missing'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'checkpoint-invalid'
  | 'checkpoint-mismatch'
  | 'checkpoint-missing';

/** The first sequence number that does not verify, what is wrong, and a short PHI-free detail. */
export class ChainBroken extends Error {
  constructor(
    readonly seq: bigint,
    readonly problem: ChainProblem,
    readonly detail: string,
  ) {
    super(detail);
  }
}
