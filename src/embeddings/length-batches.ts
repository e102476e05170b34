/**
 * Groups text indices into batches of similar token length, so padding to the longest text in a
 * batch wastes little: indices sorted by length, then cut when the batch is full or its padded
 * size (count × longest) would pass `maxTokens`.
 */
export function lengthBatches(lengths: readonly number[], maxBatch: number, maxTokens: number): number[][] {
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[a]! - lengths[b]!);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    const longest = Math.max(1, lengths[index]!);
    if (current.length && (current.length >= maxBatch || (current.length + 1) * longest > maxTokens)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Pads token id lists to one [batch, longest] int64 tensor pair (ids, attention mask). */
export function padBatch(sequences: readonly number[][], padId = 0) {
  const longest = Math.max(1, ...sequences.map((sequence) => sequence.length));
  const ids = new BigInt64Array(sequences.length * longest).fill(BigInt(padId));
  const mask = new BigInt64Array(sequences.length * longest);
  sequences.forEach((sequence, row) =>
    sequence.forEach((id, column) => {
      ids[row * longest + column] = BigInt(id);
      mask[row * longest + column] = 1n;
    }),
  );
  return { ids, mask, dims: [sequences.length, longest] };
}
