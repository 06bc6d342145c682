/**
 * Error of one candidate tensor against the reference's, summed over images: signal and noise power (SQNR as ONNX
 * Runtime's qdq_loss_debug computes it, over every element of every image), cosine, largest |Δ|. Pairs of values
 * where either is NaN or ±Inf are counted apart and left out of the sums.
 */
const MIN_SQNR_DB = -200;

export class TensorError {
  private signal = 0;
  private noise = 0;
  private candidatePower = 0;
  private dot = 0;
  private maxAbsDiff = 0;
  private maxAbsReference = 0;
  private elements = 0;
  private nonFinite = 0;

  add(reference: Float32Array, candidate: Float32Array): void {
    let signal = 0;
    let noise = 0;
    let cand = 0;
    let dot = 0;
    let maxDiff = this.maxAbsDiff;
    let maxRef = this.maxAbsReference;
    let bad = 0;
    for (let i = 0; i < reference.length; i++) {
      const r = reference[i]!;
      const c = candidate[i]!;
      const d = r - c;
      // d is finite only when both are; NaN fails the comparison.
      if (!(d > -Infinity && d < Infinity)) {
        bad++;
        continue;
      }
      signal += r * r;
      noise += d * d;
      cand += c * c;
      dot += r * c;
      const ad = d < 0 ? -d : d;
      if (ad > maxDiff) maxDiff = ad;
      const ar = r < 0 ? -r : r;
      if (ar > maxRef) maxRef = ar;
    }
    this.signal += signal;
    this.noise += noise;
    this.candidatePower += cand;
    this.dot += dot;
    this.maxAbsDiff = maxDiff;
    this.maxAbsReference = maxRef;
    this.elements += reference.length - bad;
    this.nonFinite += bad;
  }

  /** Noise power over signal power (0: identical; Infinity: a zero reference against a non-zero candidate). */
  noiseRatio(): number {
    if (this.noise === 0) return 0;
    return this.signal === 0 ? Infinity : this.noise / this.signal;
  }

  /**
   * SQNR in dB (null: identical, i.e. infinite); a reference of zeros against a non-zero candidate has no finite
   * SQNR either and is reported at the lowest value kept, -200 dB (JSON has no -Infinity).
   */
  summary(): { sqnrDb: number | null; cosine: number | null; maxAbsDiff: number; maxAbsReference: number; elements: number; nonFinite: number } {
    const ratio = this.noiseRatio();
    const norms = Math.sqrt(this.signal * this.candidatePower);
    return {
      sqnrDb: ratio === 0 ? null : Math.max(MIN_SQNR_DB, -10 * Math.log10(ratio)),
      cosine: norms === 0 ? (this.noise === 0 ? 1 : null) : Math.max(-1, Math.min(1, this.dot / norms)),
      maxAbsDiff: this.maxAbsDiff,
      maxAbsReference: this.maxAbsReference,
      elements: this.elements,
      nonFinite: this.nonFinite,
    };
  }
}
