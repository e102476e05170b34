/**
 * Entry vectors on an 8-bit grid: each vector's components as signed bytes times one scale, the
 * smallest power of two with largest magnitude / scale ≤ 127 (a power of two: code × scale is exact
 * in float32, so a vector on the grid goes onto it again unchanged, and `embeddedDot` equals the
 * float dot product bit for bit). Entries are held and ranked in this form, whichever path loaded them
 * (the record, the memory snapshot, memory): a quarter of float32 — for a 5,000-entry patient 0.5 MB
 * instead of 2 MB, in the snapshot and in the corpus cache — and the snapshot's bytes are used as
 * they are, not expanded. The error per component is at most scale / 2 — cosine moves by ~10⁻³ and
 * dense similarity weighs 0.1 in the fusion (fusion-weights.ts); the retrieval evaluation runs on
 * the grid.
 */
export interface GridVector {
  scale: number;
  codes: Int8Array;
}

export function toGrid(vector: Float32Array): GridVector {
  let largest = 0;
  for (const value of vector) largest = Math.max(largest, Math.abs(value));
  let scale = largest > 0 ? 2 ** Math.ceil(Math.log2(largest / 127)) : 0;
  if (largest / scale > 127) scale *= 2; // log2 rounding
  const codes = new Int8Array(vector.length);
  if (scale > 0) for (let i = 0; i < vector.length; i++) codes[i] = Math.round(vector[i]! / scale);
  return { scale, codes };
}

/** The float32 vector a grid vector stands for (into `into` at `offset` when given). */
export function fromGrid(
  { scale, codes }: GridVector,
  into = new Float32Array(codes.length),
  offset = 0,
): Float32Array {
  for (let i = 0; i < codes.length; i++) into[offset + i] = codes[i]! * scale;
  return into;
}

/**
 * The dot product with `query` of the vector a grid stands for — its codes from `offset` in `codes`,
 * as many as `query` has components — in one pass; NaN when that vector is (nearly) zero (squared
 * length ≤ 0.5): a text the embedding model could not embed.
 */
export function embeddedDot(codes: Int8Array, offset: number, scale: number, query: Float32Array): number {
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < query.length; i++) {
    const code = codes[offset + i]!;
    dot += code * query[i]!;
    norm += code * code;
  }
  return norm * scale * scale > 0.5 ? dot * scale : NaN;
}
