/**
 * A histogram over a fixed range [lo, hi] with equal bins, as numpy.histogram builds them (the last bin closed),
 * filled batch by batch. Calibration knows each tensor's exact range from its first pass over the images, so the
 * second pass fills the very grids ONNX Runtime's calibrators build from all the data at once.
 */

/** One integer scratch buffer per bin count, shared by all histograms (a batch is binned, then added at once). */
const scratchBuffers = new Map<number, Uint32Array>();
function scratchFor(bins: number): Uint32Array {
  let s = scratchBuffers.get(bins);
  if (s === undefined) {
    s = new Uint32Array(bins);
    scratchBuffers.set(bins, s);
  }
  return s;
}

export class FixedHistogram {
  readonly counts: Float64Array;

  constructor(
    readonly lo: number,
    readonly hi: number,
    readonly bins: number,
    /** Bin |x| instead of x. */
    readonly absolute = false,
  ) {
    if (!(bins >= 1) || !Number.isInteger(bins)) throw new RangeError('bins must be a positive integer');
    this.counts = new Float64Array(bins);
  }

  /** Adds the values of `data` inside [lo, hi] (NaN and values outside are ignored, as numpy does). */
  add(data: Float32Array): void {
    const { lo, hi, bins } = this;
    const local = scratchFor(bins);
    local.fill(0);
    const last = bins - 1;
    const perUnit = hi > lo ? bins / (hi - lo) : 0;
    for (let i = 0; i < data.length; i++) {
      const v = this.absolute ? Math.abs(data[i]!) : data[i]!;
      if (!(v >= lo && v <= hi)) continue;
      const b = Math.floor((v - lo) * perUnit);
      local[b > last ? last : b]!++;
    }
    const counts = this.counts;
    for (let b = 0; b < bins; b++) counts[b] = counts[b]! + local[b]!;
  }

  /** Left edge of bin i (i = bins gives hi). */
  edge(i: number): number {
    return this.lo + ((this.hi - this.lo) * i) / this.bins;
  }

  total(): number {
    let sum = 0;
    for (let i = 0; i < this.bins; i++) sum += this.counts[i]!;
    return sum;
  }

  /** The same data on `bins` bins, when they divide this histogram's bins (adjacent bins summed). */
  merged(bins: number): FixedHistogram {
    if (this.bins % bins !== 0) throw new RangeError(`${bins} bins do not divide ${this.bins}`);
    const out = new FixedHistogram(this.lo, this.hi, bins, this.absolute);
    const k = this.bins / bins;
    for (let i = 0; i < this.bins; i++) out.counts[Math.floor(i / k)] = out.counts[Math.floor(i / k)]! + this.counts[i]!;
    return out;
  }
}
