/**
 * A streaming histogram of one activation with a fixed number of bins over a range symmetric around zero,
 * [-T, T]. When a batch holds a value beyond T, T is doubled as often as needed and neighbouring bins are merged
 * (exactly: with 2^k bins per half, old edges stay edges), so memory stays one Float64Array per tensor whatever
 * the number of images. This is ORT's HistogramCollector idea with a bounded bin count.
 */

export const DEFAULT_HISTOGRAM_BINS = 2048;

export class SymmetricHistogram {
  readonly counts: Float64Array;
  /** Half-width of the range; 0 until a non-zero value was seen. */
  threshold = 0;
  min = Infinity;
  max = -Infinity;
  /** Zeros seen while the range was still empty, added to the centre once it exists. */
  private pendingZeros = 0;

  private readonly scratch: Uint32Array;

  constructor(readonly bins: number = DEFAULT_HISTOGRAM_BINS) {
    if (bins < 2 || bins % 2 !== 0) throw new RangeError('bins must be even and at least 2');
    this.counts = new Float64Array(bins);
    this.scratch = new Uint32Array(bins);
  }

  /** Adds every finite value of `data`. */
  add(data: Float32Array): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === Infinity) return;
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
    const absmax = Math.max(Math.abs(lo), Math.abs(hi));
    if (!Number.isFinite(absmax)) {
      this.addFinite(data);
      return;
    }
    if (absmax === 0) {
      if (this.threshold === 0) this.pendingZeros += data.length;
      else this.counts[this.bins / 2] = this.counts[this.bins / 2]! + data.length;
      return;
    }
    this.grow(absmax);
    this.accumulate(data);
  }

  private addFinite(data: Float32Array): void {
    const finite = data.filter((v) => Number.isFinite(v));
    if (finite.length > 0) this.add(finite);
  }

  private grow(absmax: number): void {
    if (this.threshold === 0) {
      this.threshold = absmax;
      if (this.pendingZeros > 0) this.counts[this.bins / 2] = this.counts[this.bins / 2]! + this.pendingZeros;
      this.pendingZeros = 0;
      return;
    }
    if (absmax <= this.threshold) return;
    let factor = 1;
    while (this.threshold * factor < absmax) factor *= 2;
    const half = this.bins / 2;
    const merged = new Float64Array(this.bins);
    for (let i = 0; i < this.bins; i++) {
      const c = this.counts[i]!;
      if (c === 0) continue;
      // Old bin i spans [i, i+1) in old-bin units from -T; in new units it starts at (i + (f-1)·half) / f.
      const j = Math.min(this.bins - 1, Math.floor((i + (factor - 1) * half) / factor));
      merged[j] = merged[j]! + c;
    }
    this.counts.set(merged);
    this.threshold *= factor;
  }

  private accumulate(data: Float32Array): void {
    const bins = this.bins;
    const t = this.threshold;
    const perUnit = bins / (2 * t);
    // Integer counts per batch are much cheaper to bump than float64 ones; a batch never exceeds 2^32 values.
    const local = this.scratch;
    local.fill(0);
    const last = bins - 1;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!(v >= -t && v <= t)) continue;
      // v + t ≥ 0, so truncation is floor.
      const b = ((v + t) * perUnit) | 0;
      local[b > last ? last : b]!++;
    }
    const counts = this.counts;
    for (let b = 0; b < bins; b++) counts[b] = counts[b]! + local[b]!;
  }

  /** Left edge of bin i. */
  edge(i: number): number {
    return -this.threshold + (2 * this.threshold * i) / this.bins;
  }

  total(): number {
    let sum = 0;
    for (let i = 0; i < this.bins; i++) sum += this.counts[i]!;
    return sum;
  }
}
