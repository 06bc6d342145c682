/**
 * Mean square of each channel of an activation, accumulated image by image (one Float64Array of C sums per
 * tensor). Int8 activations share one scale per tensor; when some channels are orders of magnitude smaller than
 * others (common after BatchNormalization folding in MobileNet-style networks), their values fall within one
 * quantization step and are lost. The per-channel signal-to-quantization-noise ratio tells which tensors
 * per-tensor int8 would damage. The least and greatest value of each channel are kept too: channel equalization
 * (qdq/channel-equalization.ts) rescales channels from them, and the mean of each channel lets bias correction
 * (qdq/bias-correction.ts) remove the shift that rounding the weights of the node reading it causes.
 */

export class ChannelEnergy {
  private sums: Float64Array | null = null;
  private totals: Float64Array | null = null;
  private lows: Float64Array | null = null;
  private highs: Float64Array | null = null;
  private count = 0;

  /** `axis` is the channel axis of `dims` (1 for NCHW convolution activations, the last one for MatMul). */
  constructor(private readonly axis: 'first' | 'last') {}

  add(data: Float32Array, dims: readonly number[]): void {
    if (dims.length < 2) return;
    const axis = this.axis === 'first' ? 1 : dims.length - 1;
    const channels = dims[axis]!;
    const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
    if (channels === 0 || data.length === 0) return;
    if (this.sums === null) {
      this.sums = new Float64Array(channels);
      this.totals = new Float64Array(channels);
      this.lows = new Float64Array(channels).fill(Infinity);
      this.highs = new Float64Array(channels).fill(-Infinity);
    }
    if (this.sums.length !== channels) return;
    const [sums, totals, lows, highs] = [this.sums, this.totals!, this.lows!, this.highs!];
    const block = channels * inner;
    for (let start = 0; start < data.length; start += block) {
      for (let c = 0; c < channels; c++) {
        let s = 0;
        let t = 0;
        let lo = lows[c]!;
        let hi = highs[c]!;
        const from = start + c * inner;
        for (let i = from; i < from + inner; i++) {
          const v = data[i]!;
          if (v === v && v !== Infinity && v !== -Infinity) {
            s += v * v;
            t += v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        sums[c] = sums[c]! + s;
        totals[c] = totals[c]! + t;
        lows[c] = lo;
        highs[c] = hi;
      }
    }
    this.count += data.length / channels;
  }

  /** Mean square per channel (null before any data). */
  meanSquares(): Float64Array | null {
    if (this.sums === null || this.count === 0) return null;
    return this.sums.map((s) => s / this.count);
  }

  /** Mean per channel (null before any data). */
  means(): Float64Array | null {
    if (this.totals === null || this.count === 0) return null;
    return this.totals.map((s) => s / this.count);
  }

  /** Least and greatest finite value per channel (null before any data; ±Infinity for a channel never finite). */
  ranges(): { min: Float64Array; max: Float64Array } | null {
    return this.lows === null || this.highs === null || this.count === 0 ? null : { min: this.lows.slice(), max: this.highs.slice() };
  }
}

/**
 * The weakest live channel's signal-to-quantization-noise ratio in dB for a uniform step (noise power step²/12);
 * channels that are zero everywhere carry no signal and are ignored. Infinity when no channel is live.
 */
export function weakestChannelSqnrDb(meanSquares: Float64Array, step: number): number {
  const noise = (step * step) / 12;
  let worst = Infinity;
  for (const ms of meanSquares) {
    if (ms <= 0) continue;
    const db = 10 * Math.log10(ms / noise);
    if (db < worst) worst = db;
  }
  return worst;
}
