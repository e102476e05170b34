/**
 * Entry vectors on an 8-bit grid: each vector's components as signed bytes times one scale, the
 * smallest power of two with largest magnitude / scale ≤ 127 (a power of two: code × scale is exact
 * in float32, so a vector on the grid goes onto it again unchanged). The memory snapshot stores them so (a quarter of float32: for a
 * 5,000-entry patient 2 MB → 0.5 MB, and moving the blob out of PostgreSQL is what an uncached
 * question waits for); the record path puts its vectors on the same grid, so a question ranks the
 * same from the record, the snapshot or memory. The error per component is at most scale / 2 —
 * cosine moves by ~10⁻³ and dense similarity weighs 0.1 in the fusion (fusion-weights.ts); the
 * retrieval evaluation runs on the grid.
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

/** The vector moved onto the grid: what ranking uses, whichever path loaded it. */
export const onGrid = (vector: Float32Array): Float32Array => fromGrid(toGrid(vector));
