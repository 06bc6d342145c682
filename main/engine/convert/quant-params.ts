/**
 * Quantization arithmetic, following ONNX's QuantizeLinear (round half to even, saturate) and ONNX Runtime's
 * quantizer conventions: activations asymmetric over a range that includes 0, weights symmetric (int8: [-127, 127],
 * or [-64, 64] with reduce_range) per output channel, biases int32 at scale = input scale × weight scale.
 */

export type QuantType = 'int8' | 'uint8';

export interface QuantParams {
  /** float32-exact scale. */
  scale: number;
  zeroPoint: number;
}

/** The integer range a type quantizes to (ORT's get_qmin_qmax_for_qType). */
export function quantRange(type: QuantType, reduceRange: boolean, symmetric: boolean): { qmin: number; qmax: number } {
  if (type === 'uint8') return reduceRange ? { qmin: 0, qmax: 127 } : { qmin: 0, qmax: 255 };
  if (reduceRange) return { qmin: -64, qmax: 64 };
  return symmetric ? { qmin: -127, qmax: 127 } : { qmin: -128, qmax: 127 };
}

/** Rounds half to even, as QuantizeLinear does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Scale and zero point for values in [min, max] (the range is widened to include 0, so 0 is exact). */
export function rangeParams(min: number, max: number, type: QuantType, reduceRange: boolean, symmetric: boolean): QuantParams {
  const { qmin, qmax } = quantRange(type, reduceRange, symmetric);
  let rmin = Math.min(min, 0);
  let rmax = Math.max(max, 0);
  if (!Number.isFinite(rmin) || !Number.isFinite(rmax)) {
    rmin = Number.isFinite(rmin) ? rmin : -3.4e38;
    rmax = Number.isFinite(rmax) ? rmax : 3.4e38;
  }
  if (symmetric) {
    const absmax = Math.max(Math.abs(rmin), Math.abs(rmax));
    rmin = -absmax;
    rmax = absmax;
  }
  const scale = Math.fround((rmax - rmin) / (qmax - qmin));
  if (!(scale > 0) || !Number.isFinite(scale)) return { scale: 1, zeroPoint: symmetric && type === 'uint8' ? 128 : 0 };
  const zeroPoint = symmetric
    ? type === 'uint8'
      ? Math.round((qmin + qmax) / 2)
      : 0
    : Math.min(qmax, Math.max(qmin, roundHalfEven(qmin - rmin / scale)));
  return { scale, zeroPoint };
}

/** q = saturate(round(x / scale) + zeroPoint). */
export function quantizeValue(x: number, p: QuantParams, qmin: number, qmax: number): number {
  const q = roundHalfEven(Math.fround(x / p.scale)) + p.zeroPoint;
  return q < qmin ? qmin : q > qmax ? qmax : q;
}

export interface QuantizedWeights {
  values: Int8Array | Uint8Array;
  /** One scale per channel (length 1 for per-tensor). */
  scales: Float32Array;
  zeroPoints: Int8Array | Uint8Array;
}

/**
 * Quantizes a weight tensor along `axis` (per channel) or as a whole. int8 weights are symmetric (zero point 0);
 * uint8 weights are asymmetric per channel, as ORT's quantizer does them.
 */
export function quantizeWeights(
  weights: Float32Array,
  dims: readonly number[],
  axis: number | null,
  type: QuantType,
  reduceRange: boolean,
  minScales?: Float32Array,
): QuantizedWeights {
  const symmetric = type === 'int8';
  const channels = axis === null ? 1 : dims[axis]!;
  const inner = axis === null ? weights.length : dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const { qmin, qmax } = quantRange(type, reduceRange, symmetric);
  const values = type === 'int8' ? new Int8Array(weights.length) : new Uint8Array(weights.length);
  const scales = new Float32Array(channels);
  const zeroPoints = type === 'int8' ? new Int8Array(channels) : new Uint8Array(channels);
  const mins = new Float64Array(channels).fill(Infinity);
  const maxs = new Float64Array(channels).fill(-Infinity);
  const channelOf = (i: number): number => (axis === null ? 0 : Math.floor(i / inner) % channels);
  for (let i = 0; i < weights.length; i++) {
    const c = channelOf(i);
    const w = weights[i]!;
    if (w < mins[c]!) mins[c] = w;
    if (w > maxs[c]!) maxs[c] = w;
  }
  const params: QuantParams[] = [];
  for (let c = 0; c < channels; c++) {
    let p = mins[c] === Infinity ? { scale: 1, zeroPoint: 0 } : rangeParams(mins[c]!, maxs[c]!, type, reduceRange, symmetric);
    const floor = minScales?.[minScales.length === 1 ? 0 : c];
    if (floor !== undefined && p.scale < floor) {
      // A coarser weight scale so that the bias fits int32 at scale input × weight (as ORT's quantizer does).
      const scale = Math.fround(floor);
      const zeroPoint = symmetric ? p.zeroPoint : Math.min(qmax, Math.max(qmin, roundHalfEven(qmin - Math.min(mins[c]!, 0) / scale)));
      p = { scale, zeroPoint };
    }
    params.push(p);
    scales[c] = p.scale;
    zeroPoints[c] = p.zeroPoint;
  }
  for (let i = 0; i < weights.length; i++) values[i] = quantizeValue(weights[i]!, params[channelOf(i)]!, qmin, qmax);
  return { values, scales, zeroPoints };
}

/** Per-channel least weight scales that keep |bias| / (inputScale × weightScale) inside int32. */
export function biasScaleFloor(bias: Float32Array, inputScale: number): Float32Array {
  const limit = 2147483647 * 0.999;
  return bias.map((b) => Math.abs(b) / (inputScale * limit));
}

export interface QuantizedBias {
  values: Int32Array;
  scales: Float32Array;
  /** Entries that did not fit int32 and were saturated. */
  saturated: number;
}

/** int32 bias with scale inputScale × weightScale[c] (one weight scale per output channel, or one for all). */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): QuantizedBias {
  const values = new Int32Array(bias.length);
  const scales = new Float32Array(weightScales.length);
  let saturated = 0;
  for (let c = 0; c < weightScales.length; c++) scales[c] = Math.fround(inputScale * weightScales[c]!);
  for (let i = 0; i < bias.length; i++) {
    const s = scales[weightScales.length === 1 ? 0 : i]!;
    let q = s > 0 ? roundHalfEven(bias[i]! / s) : 0;
    if (q > 2147483647) {
      q = 2147483647;
      saturated++;
    } else if (q < -2147483648) {
      q = -2147483648;
      saturated++;
    }
    values[i] = q;
  }
  return { values, scales, saturated };
}
