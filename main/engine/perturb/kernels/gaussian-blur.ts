/**
 * Gaussian blur of one float plane, separable. Kernels up to MAX_EXACT_RADIUS are exact (truncated at
 * `truncate`·σ like scipy/skimage, radius ⌊truncate·σ + 0.5⌋); wider ones (only elastic_transform's displacement
 * fields, σ up to 171 px) use three box filters of Kovesi's widths, whose result is within a few percent of the
 * Gaussian and costs the same for any σ.
 */
import { extendedIndex, type BorderMode } from './border.js';

export interface BlurOptions {
  mode?: BorderMode;
  /** Kernel half-width in σ (scipy's truncate); default 4. */
  truncate?: number;
}

const MAX_EXACT_RADIUS = 40;

/** Normalised 1-D Gaussian weights of radius ⌊truncate·σ + 0.5⌋. */
export function gaussianKernel(sigma: number, truncate = 4): Float32Array {
  const radius = Math.max(0, Math.floor(truncate * sigma + 0.5));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp((-0.5 * k * k) / (sigma * sigma));
    kernel[k + radius] = w;
    sum += w;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  return kernel;
}

/**
 * Convolves every row with a symmetric kernel: taps are folded (w_k·(a[x−k] + a[x+k])) and applied one at a time
 * across the whole row, the tightest loop V8 compiles for this.
 */
function convolveRows(src: Float32Array, width: number, height: number, kernel: Float32Array, mode: BorderMode, out: Float32Array): void {
  const radius = (kernel.length - 1) >> 1;
  const map = extendedIndex(width, radius, mode);
  const ext = new Float64Array(width + 2 * radius);
  const acc = new Float64Array(width);
  const centre = kernel[radius]!;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let k = 0; k < ext.length; k++) ext[k] = src[row + map[k]!]!;
    for (let x = 0; x < width; x++) acc[x] = centre * ext[x + radius]!;
    for (let k = 1; k <= radius; k++) {
      const w = kernel[radius + k]!;
      const lo = radius - k;
      const hi = radius + k;
      for (let x = 0; x < width; x++) acc[x]! += w * (ext[x + lo]! + ext[x + hi]!);
    }
    out.set(acc, row);
  }
}

/** Convolves every column, a whole row at a time (cache-friendly), taps folded as in convolveRows. */
function convolveColumns(src: Float32Array, width: number, height: number, kernel: Float32Array, mode: BorderMode, out: Float32Array): void {
  const radius = (kernel.length - 1) >> 1;
  const map = extendedIndex(height, radius, mode);
  const acc = new Float64Array(width);
  const centre = kernel[radius]!;
  for (let y = 0; y < height; y++) {
    const mid = map[y + radius]! * width;
    for (let x = 0; x < width; x++) acc[x] = centre * src[mid + x]!;
    for (let k = 1; k <= radius; k++) {
      const w = kernel[radius + k]!;
      const a = map[y + radius - k]! * width;
      const b = map[y + radius + k]! * width;
      for (let x = 0; x < width; x++) acc[x]! += w * (src[a + x]! + src[b + x]!);
    }
    out.set(acc, y * width);
  }
}

/** Box widths (odd) of three passes approximating a Gaussian of σ (Kovesi, "Fast almost-Gaussian filtering"). */
function boxWidths(sigma: number): number[] {
  const n = 3;
  const ideal = Math.sqrt((12 * sigma * sigma) / n + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const upper = lower + 2;
  const m = Math.round((12 * sigma * sigma - n * lower * lower - 4 * n * lower - 3 * n) / (-4 * lower - 4));
  return Array.from({ length: n }, (_, i) => (i < m ? lower : upper));
}

/** One box pass along lines of `length` values at `stride`, starting at each of `starts`. */
function boxLines(src: Float32Array, out: Float32Array, length: number, stride: number, starts: ArrayLike<number>, radius: number, mode: BorderMode): void {
  const map = extendedIndex(length, radius + 1, mode);
  const line = new Float32Array(length + 2 * radius + 2);
  const scale = 1 / (2 * radius + 1);
  for (let s = 0; s < starts.length; s++) {
    const base = starts[s]!;
    for (let k = 0; k < line.length; k++) line[k] = src[base + map[k]! * stride]!;
    // line[k] holds index k − radius − 1; window for output i is line[i+1 … i+2r+1].
    let sum = 0;
    for (let k = 1; k <= 2 * radius + 1; k++) sum += line[k]!;
    for (let i = 0; i < length; i++) {
      out[base + i * stride] = sum * scale;
      sum += line[i + 2 * radius + 2]! - line[i + 1]!;
    }
  }
}

function boxBlur(src: Float32Array, width: number, height: number, sigma: number, mode: BorderMode): Float32Array {
  let a = new Float32Array(src);
  let b = new Float32Array(src.length);
  const rowStarts = Int32Array.from({ length: height }, (_, y) => y * width);
  const colStarts = Int32Array.from({ length: width }, (_, x) => x);
  for (const w of boxWidths(sigma)) {
    const radius = (w - 1) >> 1;
    boxLines(a, b, width, 1, rowStarts, radius, mode);
    [a, b] = [b, a];
    boxLines(a, b, height, width, colStarts, radius, mode);
    [a, b] = [b, a];
  }
  return a;
}

/** The plane blurred with a Gaussian of σ pixels (a copy when σ is negligible). */
export function blurPlane(src: Float32Array, width: number, height: number, sigma: number, options: BlurOptions = {}): Float32Array {
  const mode = options.mode ?? 'nearest';
  const truncate = options.truncate ?? 4;
  if (!(sigma > 0.01)) return new Float32Array(src);
  const radius = Math.floor(truncate * sigma + 0.5);
  if (radius > MAX_EXACT_RADIUS) return boxBlur(src, width, height, sigma, mode);
  const kernel = gaussianKernel(sigma, truncate);
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  convolveRows(src, width, height, kernel, mode, tmp);
  convolveColumns(tmp, width, height, kernel, mode, out);
  return out;
}
