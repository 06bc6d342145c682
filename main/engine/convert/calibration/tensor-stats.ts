/**
 * Per-tensor calibration statistics, updated one image at a time. First pass: the finite min/max, the least |x|,
 * optionally the mean square of each channel. Second pass (only when percentile or entropy ranges are wanted):
 * the signed and |x| histograms on the exact grids ONNX Runtime's calibrators use, now that the range is known.
 * Collected once, they give the range of every calibration method without running the model again. Memory is a few
 * numbers and two 2048-bin histograms per observed tensor, never a copy of any activation.
 */
import type { CalibrationMethod } from '../../../../shared/contract/jobs/convert.js';
import { ChannelEnergy } from './channel-energy.js';
import { FixedHistogram } from './histogram.js';
import { ENTROPY_BINS, entropyRange, PERCENTILE_BINS, percentileRange, type ActivationRange } from './histogram-range.js';

export class TensorStatistics {
  min = Infinity;
  max = -Infinity;
  /** Least |x| seen (the |x| histogram starts there, as numpy.histogram's default range does). */
  minAbs = Infinity;
  readonly energy: ChannelEnergy | null;
  signed: FixedHistogram | null = null;
  abs: FixedHistogram | null = null;

  constructor(channelAxis?: 'first' | 'last') {
    this.energy = channelAxis === undefined ? null : new ChannelEnergy(channelAxis);
  }

  /** First pass: folds one observation into min/max and the channel energy. */
  add(data: Float32Array, dims: readonly number[]): void {
    let lo = this.min;
    let hi = this.max;
    let small = this.minAbs;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      // NaN fails every comparison; ±Inf would make the range useless, so only finite values count.
      if (v < lo && v > -Infinity) lo = v;
      if (v > hi && v < Infinity) hi = v;
      const a = v < 0 ? -v : v;
      if (a < small) small = a;
    }
    this.min = lo;
    this.max = hi;
    this.minAbs = small;
    this.energy?.add(data, dims);
  }

  /** Second pass: folds one observation into the histograms (their grids are set from the first pass). */
  addToHistograms(data: Float32Array): void {
    if (this.min === Infinity) return;
    if (this.signed === null || this.abs === null) {
      const absMax = Math.max(Math.abs(this.min), Math.abs(this.max));
      this.signed = new FixedHistogram(-absMax, absMax, ENTROPY_BINS);
      this.abs = new FixedHistogram(Math.min(this.minAbs, absMax), absMax, PERCENTILE_BINS, true);
    }
    this.signed.add(data);
    this.abs.add(data);
  }

  /** The range `method` quantizes the tensor over; null when no finite value was seen (or no histogram was filled). */
  range(method: CalibrationMethod, percentile: number): ActivationRange | null {
    if (this.min === Infinity) return null;
    if (method === 'minmax') return { min: this.min, max: this.max };
    if (this.signed === null || this.abs === null) return null;
    return method === 'percentile' ? percentileRange(this.abs, this.min, this.max, percentile) : entropyRange(this.signed, this.min, this.max);
  }
}
