/**
 * What a filter reads beyond the image edge, named as in scipy.ndimage:
 * - nearest: the edge value repeated (a a a | a b c d | d d d), skimage's default for gaussian;
 * - reflect: half-sample mirror (c b a | a b c d | d c b), scipy's 'reflect';
 * - mirror: whole-sample mirror (d c b | a b c d | c b a), OpenCV's BORDER_REFLECT_101;
 * - wrap: periodic (b c d | a b c d | a b c).
 */
export type BorderMode = 'nearest' | 'reflect' | 'mirror' | 'wrap';

/** Index inside [0, n) that `i` reads under `mode` (any i, even far outside). */
export function borderIndex(i: number, n: number, mode: BorderMode): number {
  if (i >= 0 && i < n) return i;
  if (n === 1) return 0;
  switch (mode) {
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      const period = 2 * n;
      const m = ((i % period) + period) % period;
      return m < n ? m : period - 1 - m;
    }
    case 'mirror': {
      const period = 2 * n - 2;
      const m = ((i % period) + period) % period;
      return m < n ? m : period - m;
    }
  }
}

/** The source index of every position of a line extended by `pad` on both sides: entry k reads index k − pad. */
export function extendedIndex(n: number, pad: number, mode: BorderMode): Int32Array {
  const map = new Int32Array(n + 2 * pad);
  for (let k = 0; k < map.length; k++) map[k] = borderIndex(k - pad, n, mode);
  return map;
}
