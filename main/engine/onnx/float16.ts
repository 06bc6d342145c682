/**
 * IEEE float16 (ONNX's FLOAT16 element type), stored as its Uint16 bit pattern: the converters used by the fp16
 * recipes (writing weights) and by inference (reading float16 outputs as float32).
 *
 * float32 → float16 bits with round-to-nearest-even. Values beyond float16's range are clamped to ±65504 (not
 * turned into ±Inf), and values whose magnitude is below half the smallest float16 subnormal (2^-25) become ±0,
 * which is what correct rounding gives; subnormals in between are kept as float16 subnormals.
 */

export const FLOAT16_MAX = 65504;

export interface Float16Conversion {
  bits: Uint16Array;
  /** Finite values whose magnitude exceeded 65504 and were clamped. */
  clamped: number;
  /** Non-zero values that rounded to zero. */
  flushed: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bit pattern of one number (no clamping: overflow gives ±Inf). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let h = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (h & 1) === 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
  // A carry out of the mantissa bumps the exponent (up to Inf), which is the correct rounding.
  return sign | h;
}

/** The number a float16 bit pattern stands for. */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac !== 0 ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Converts float32 values to float16 bits, clamping to ±65504 and counting what was clamped or flushed. */
export function toFloat16Array(values: Float32Array): Float16Conversion {
  const bits = new Uint16Array(values.length);
  let clamped = 0;
  let flushed = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i]!;
    if (v > FLOAT16_MAX && v !== Infinity) {
      v = FLOAT16_MAX;
      clamped++;
    } else if (v < -FLOAT16_MAX && v !== -Infinity) {
      v = -FLOAT16_MAX;
      clamped++;
    }
    const h = toFloat16Bits(v);
    if ((h & 0x7fff) === 0 && v !== 0) flushed++;
    bits[i] = h;
  }
  return { bits, clamped, flushed };
}

let decodeTable: Float32Array | null = null;

/** float16 bit patterns as float32 values (exact: every float16 value is a float32 value). */
export function fromFloat16Array(bits: Uint16Array): Float32Array {
  if (decodeTable === null) {
    // 256 KiB once per process; a table lookup beats decoding each value on the per-image path of fp16 outputs.
    decodeTable = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) decodeTable[h] = fromFloat16Bits(h);
  }
  const table = decodeTable;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}
