/** The k largest entries of a probability row, without sorting the row. */

/**
 * Fills indices[0..k) with the positions of the k largest values of values[0..n), largest first; ties keep
 * the lower index first (like a stable sort). Returns the number written (min(k, n)).
 */
export function topKIndices(values: Float64Array, n: number, k: number, indices: Int32Array): number {
  const size = Math.min(k, n);
  if (size <= 0) return 0;
  let filled = 0;
  // The smallest value kept so far, once the list is full: most entries of a long row fail this one test.
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (filled === size && !(v > floor)) continue;
    // Insertion from the end: shift smaller entries down (strictly smaller, so earlier ties stay ahead).
    let j = filled < size ? filled++ : size - 1;
    while (j > 0 && v > values[indices[j - 1]!]!) {
      indices[j] = indices[j - 1]!;
      j--;
    }
    indices[j] = i;
    if (filled === size) floor = values[indices[size - 1]!]!;
  }
  return filled;
}
