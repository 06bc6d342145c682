/**
 * Gaussian blur of one float plane, separable. Below σ = 4 the kernel is exact, truncated at `truncate`·σ like
 * scipy/skimage (radius ⌊truncate·σ + 0.5⌋). From σ = 4 on (gaussian_blur's severities 4–5 at 224 px, spatter's drops
 * on large images, elastic_transform's displacement fields up to σ = 171 px) the cost must not grow with σ: Young &
 * van Vliet's recursive Gaussian (within 2/255 of the exact kernel on the sample page), or, under a reflect border
 * with σ large next to the image, the exact cosine series of the blur.
 */
import { extendedIndex, type BorderMode } from './border.js';

export interface BlurOptions {
  mode?: BorderMode;
  /** Kernel half-width in σ (scipy's truncate); default 4. */
  truncate?: number;
  /** 'exact' forces the truncated kernel at any σ (slow for large σ; used to check the recursive filter). */
  method?: 'auto' | 'exact';
}

/** From this σ on, the recursive filter: its cost does not grow with σ (the FIR's 8σ+1 taps do). */
export const RECURSIVE_FROM_SIGMA = 4;

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

/** Convolves every row with a symmetric kernel, taps folded (w_k·(a[x−k] + a[x+k])). */
function convolveRows(src: Float32Array, width: number, height: number, kernel: Float32Array, mode: BorderMode, out: Float32Array): void {
  const radius = (kernel.length - 1) >> 1;
  const map = extendedIndex(width, radius, mode);
  const ext = new Float64Array(width + 2 * radius);
  const weights = Array.from(kernel.subarray(radius));
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let k = 0; k < ext.length; k++) ext[k] = src[row + map[k]!]!;
    for (let x = 0; x < width; x++) {
      const centre = x + radius;
      let acc = weights[0]! * ext[centre]!;
      for (let k = 1; k <= radius; k++) acc += weights[k]! * (ext[centre - k]! + ext[centre + k]!);
      out[row + x] = acc;
    }
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

/** Young & van Vliet's (1995) third-order recursive coefficients for σ (normalised: w = B·x + a1·w₋₁ + a2·w₋₂ + a3·w₋₃). */
function recursiveCoefficients(sigma: number): { a1: number; a2: number; a3: number; b: number } {
  const q = sigma >= 2.5 ? 0.98711 * sigma - 0.9633 : 3.97156 - 4.14554 * Math.sqrt(1 - 0.26891 * sigma);
  const b0 = 1.57825 + 2.44413 * q + 1.4281 * q * q + 0.422205 * q ** 3;
  const b1 = 2.44413 * q + 2.85619 * q * q + 1.26661 * q ** 3;
  const b2 = -(1.4281 * q * q + 1.26661 * q ** 3);
  const b3 = 0.422205 * q ** 3;
  return { a1: b1 / b0, a2: b2 / b0, a3: b3 / b0, b: 1 - (b1 + b2 + b3) / b0 };
}

/** Causal then anti-causal pass over a line, in place; both start from the edge value held constant. */
function recursiveLine(line: Float64Array, c: { a1: number; a2: number; a3: number; b: number }): void {
  const { a1, a2, a3, b } = c;
  const n = line.length;
  let w1 = line[0]!;
  let w2 = w1;
  let w3 = w1;
  for (let i = 0; i < n; i++) {
    const w = b * line[i]! + a1 * w1 + a2 * w2 + a3 * w3;
    line[i] = w;
    w3 = w2;
    w2 = w1;
    w1 = w;
  }
  let y1 = line[n - 1]!;
  let y2 = y1;
  let y3 = y1;
  for (let i = n - 1; i >= 0; i--) {
    const y = b * line[i]! + a1 * y1 + a2 * y2 + a3 * y3;
    line[i] = y;
    y3 = y2;
    y2 = y1;
    y1 = y;
  }
}

/** Blurs `count` lines of `length` values, line j starting at starts[j] with the given stride, through `filter`. */
function eachLine(
  src: Float32Array,
  out: Float32Array,
  length: number,
  count: number,
  stride: number,
  lineStride: number,
  filter: (line: Float64Array) => void,
  pad: number,
  mode: BorderMode,
): void {
  const map = extendedIndex(length, pad, mode);
  const line = new Float64Array(length + 2 * pad);
  for (let j = 0; j < count; j++) {
    const base = j * lineStride;
    for (let k = 0; k < line.length; k++) line[k] = src[base + map[k]! * stride]!;
    filter(line);
    for (let i = 0; i < length; i++) out[base + i * stride] = line[i + pad]!;
  }
}

/**
 * Under the half-sample reflect border a Gaussian blur is diagonal in the cosine basis cos(πk(i+½)/n): coefficient
 * k is multiplied by exp(−½(πkσ/n)²). When σ is comparable to the line's length only a few terms survive, and this
 * is both exact (for the untruncated kernel) and cheaper than any filter run over a 4σ margin. Null when too many
 * terms would be needed.
 */
function cosineFilter(length: number, sigma: number): ((line: Float64Array) => void) | null {
  const gains: number[] = [];
  for (let k = 0; k < length; k++) {
    const g = Math.exp(-0.5 * ((Math.PI * k * sigma) / length) ** 2);
    if (g < 1e-7) break;
    gains.push(g);
  }
  if (gains.length > MAX_COSINE_TERMS) return null;
  const terms = gains.length;
  const basis = new Float64Array(terms * length);
  for (let k = 0; k < terms; k++) for (let i = 0; i < length; i++) basis[k * length + i] = Math.cos((Math.PI * k * (i + 0.5)) / length);
  const coefficients = new Float64Array(terms);
  return (line) => {
    for (let k = 0; k < terms; k++) {
      let c = 0;
      for (let i = 0; i < length; i++) c += line[i]! * basis[k * length + i]!;
      coefficients[k] = (c * gains[k]! * (k === 0 ? 1 : 2)) / length;
    }
    for (let i = 0; i < length; i++) {
      let v = 0;
      for (let k = 0; k < terms; k++) v += coefficients[k]! * basis[k * length + i]!;
      line[i] = v;
    }
  };
}

const MAX_COSINE_TERMS = 12;

/**
 * Large-σ Gaussian, rows then columns. Along an axis where the border is a reflection and σ is large next to the
 * length, the cosine series above; otherwise Young & van Vliet's recursion over the line extended by 4σ under the
 * border mode (so the border reads as the FIR's would and the recursion's start-up transient dies out first).
 */
function recursiveBlur(src: Float32Array, width: number, height: number, sigma: number, mode: BorderMode): Float32Array {
  const c = recursiveCoefficients(sigma);
  const pad = Math.ceil(4 * sigma);
  const recursive = (line: Float64Array): void => recursiveLine(line, c);
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const byRows = mode === 'reflect' ? cosineFilter(width, sigma) : null;
  eachLine(src, tmp, width, height, 1, width, byRows ?? recursive, byRows ? 0 : pad, mode);
  const byColumns = mode === 'reflect' ? cosineFilter(height, sigma) : null;
  eachLine(tmp, out, height, width, width, 1, byColumns ?? recursive, byColumns ? 0 : pad, mode);
  return out;
}

/** The plane blurred with a Gaussian of σ pixels (a copy when σ is negligible). */
export function blurPlane(src: Float32Array, width: number, height: number, sigma: number, options: BlurOptions = {}): Float32Array {
  const mode = options.mode ?? 'nearest';
  const truncate = options.truncate ?? 4;
  if (!(sigma > 0.01)) return new Float32Array(src);
  if (sigma >= RECURSIVE_FROM_SIGMA && options.method !== 'exact') return recursiveBlur(src, width, height, sigma, mode);
  const kernel = gaussianKernel(sigma, truncate);
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  convolveRows(src, width, height, kernel, mode, tmp);
  convolveColumns(tmp, width, height, kernel, mode, out);
  return out;
}

/**
 * The same blur on interleaved RGB values (three channels per pixel), one pass over each row for all three, which
 * saves splitting into planes for the small-σ blurs (glass_blur, gaussian_blur below σ 4); large σ goes plane by plane.
 */
export function blurRgb(src: Float32Array, width: number, height: number, sigma: number, options: BlurOptions = {}): Float32Array {
  const mode = options.mode ?? 'nearest';
  if (!(sigma > 0.01)) return new Float32Array(src);
  if (sigma >= RECURSIVE_FROM_SIGMA && options.method !== 'exact') {
    const n = width * height;
    const out = new Float32Array(src.length);
    const plane = new Float32Array(n);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < n; i++) plane[i] = src[i * 3 + c]!;
      const blurred = recursiveBlur(plane, width, height, sigma, mode);
      for (let i = 0; i < n; i++) out[i * 3 + c] = blurred[i]!;
    }
    return out;
  }
  const kernel = gaussianKernel(sigma, options.truncate ?? 4);
  const radius = (kernel.length - 1) >> 1;
  const weights = Array.from(kernel.subarray(radius));
  const xs = extendedIndex(width, radius, mode);
  const ext = new Float64Array((width + 2 * radius) * 3);
  const tmp = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let k = 0; k < width + 2 * radius; k++) {
      const from = row + xs[k]! * 3;
      ext[k * 3] = src[from]!;
      ext[k * 3 + 1] = src[from + 1]!;
      ext[k * 3 + 2] = src[from + 2]!;
    }
    for (let x = 0; x < width; x++) {
      const centre = (x + radius) * 3;
      const w0 = weights[0]!;
      let r = w0 * ext[centre]!;
      let g = w0 * ext[centre + 1]!;
      let b = w0 * ext[centre + 2]!;
      for (let k = 1; k <= radius; k++) {
        const wk = weights[k]!;
        const lo = centre - 3 * k;
        const hi = centre + 3 * k;
        r += wk * (ext[lo]! + ext[hi]!);
        g += wk * (ext[lo + 1]! + ext[hi + 1]!);
        b += wk * (ext[lo + 2]! + ext[hi + 2]!);
      }
      const o = row + x * 3;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
    }
  }
  const ys = extendedIndex(height, radius, mode);
  const out = new Float32Array(src.length);
  const span = width * 3;
  const acc = new Float64Array(span);
  for (let y = 0; y < height; y++) {
    const mid = ys[y + radius]! * span;
    const w0 = weights[0]!;
    for (let i = 0; i < span; i++) acc[i] = w0 * tmp[mid + i]!;
    for (let k = 1; k <= radius; k++) {
      const wk = weights[k]!;
      const a = ys[y + radius - k]! * span;
      const b = ys[y + radius + k]! * span;
      for (let i = 0; i < span; i++) acc[i]! += wk * (tmp[a + i]! + tmp[b + i]!);
    }
    const o = y * span;
    for (let i = 0; i < span; i++) out[o + i] = acc[i]!;
  }
  return out;
}
