/**
 * mulberry32: a small, fast, seedable 32-bit generator of floats in [0, 1), the same sequence on every machine.
 * Used where a seed must pick the same things everywhere: calibration subsets, benchmark inputs, generated samples.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
