/**
 * Per-tensor calibration statistics, updated one image at a time: min/max for MinMax, a bounded histogram for
 * Percentile and Entropy. Memory is a few numbers (or one fixed histogram) per observed tensor, never a copy of
 * any activation.
 */
import type { CalibrationMethod } from '../../../../shared/contract/jobs/convert.js';
import { SymmetricHistogram } from './histogram.js';
import { entropyRange, percentileRange, type ActivationRange } from './histogram-range.js';

export interface CalibrationStats {
  /** Folds one observation of the tensor into the statistics. */
  add(data: Float32Array): void;
  /** The range the tensor is quantized over; null when no finite value was ever seen. */
  range(): ActivationRange | null;
}

class MinMaxStats implements CalibrationStats {
  private min = Infinity;
  private max = -Infinity;

  add(data: Float32Array): void {
    let lo = this.min;
    let hi = this.max;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      // NaN fails both comparisons; ±Inf would make the range useless, so only finite values count.
      if (v < lo && v > -Infinity) lo = v;
      if (v > hi && v < Infinity) hi = v;
    }
    this.min = lo;
    this.max = hi;
  }

  range(): ActivationRange | null {
    return this.min === Infinity ? null : { min: this.min, max: this.max };
  }
}

class HistogramStats implements CalibrationStats {
  private readonly histogram = new SymmetricHistogram();

  constructor(
    private readonly method: 'percentile' | 'entropy',
    private readonly percentile: number,
  ) {}

  add(data: Float32Array): void {
    this.histogram.add(data);
  }

  range(): ActivationRange | null {
    const h = this.histogram;
    if (h.min === Infinity) return null;
    return this.method === 'percentile' ? percentileRange(h, this.percentile) : entropyRange(h);
  }
}

/** A fresh statistics collector for one tensor. */
export function createStats(method: CalibrationMethod, percentile: number): CalibrationStats {
  return method === 'minmax' ? new MinMaxStats() : new HistogramStats(method, percentile);
}
