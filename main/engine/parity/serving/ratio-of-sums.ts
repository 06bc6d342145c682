/** A ratio of two totals measured in paired rounds, with a seeded percentile-bootstrap interval over the rounds. */
import { seededRandom } from '../../../../shared/seeded-random.js';
import { percentileOfSorted } from '../../bench/percentiles.js';

export interface RatioInterval {
  ratio: number;
  lo: number;
  hi: number;
}

/**
 * Σ numerator ÷ Σ denominator over rounds (round i of both measured back to back), and the (1−level)/2,
 * (1+level)/2 percentiles of the same ratio over `resamples` resamples of the rounds with replacement.
 */
export function ratioOfSums(
  numerator: readonly number[],
  denominator: readonly number[],
  options: { resamples: number; seed: number; level?: number },
): RatioInterval {
  const n = Math.min(numerator.length, denominator.length);
  if (n === 0) throw new RangeError('ratioOfSums of no rounds');
  const sum = (values: readonly number[]): number => values.slice(0, n).reduce((a, b) => a + b, 0);
  const ratio = sum(numerator) / Math.max(sum(denominator), 1e-9);
  const level = options.level ?? 0.95;
  const next = seededRandom(options.seed);
  const ratios = new Float64Array(options.resamples);
  for (let b = 0; b < options.resamples; b++) {
    let top = 0;
    let bottom = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(next() * n);
      top += numerator[k]!;
      bottom += denominator[k]!;
    }
    ratios[b] = top / Math.max(bottom, 1e-9);
  }
  ratios.sort();
  return { ratio, lo: percentileOfSorted(ratios, (1 - level) / 2), hi: percentileOfSorted(ratios, (1 + level) / 2) };
}
