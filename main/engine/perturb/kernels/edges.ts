/**
 * The 8-bit image operations spatter needs, with OpenCV's semantics: Canny edges (3×3 Sobel, L1 magnitude,
 * non-maximum suppression in four directions, hysteresis with 8-connectivity), the Euclidean distance to the
 * nearest edge (exact, Felzenszwalb–Huttenlocher), histogram equalisation, 3×3 box mean and 3×3 correlation
 * (mirror border).
 */
import { borderIndex } from './border.js';

/** The plane with a one-pixel mirror border (OpenCV's BORDER_REFLECT_101), as width+2 × height+2 floats. */
function padMirror(src: ArrayLike<number>, width: number, height: number): Float64Array {
  const pw = width + 2;
  const out = new Float64Array(pw * (height + 2));
  for (let py = 0; py < height + 2; py++) {
    const sy = borderIndex(py - 1, height, 'mirror') * width;
    const row = py * pw;
    out[row] = src[sy + borderIndex(-1, width, 'mirror')]!;
    for (let x = 0; x < width; x++) out[row + x + 1] = src[sy + x]!;
    out[row + width + 1] = src[sy + borderIndex(width, width, 'mirror')]!;
  }
  return out;
}

/** Canny edge map (255 on edges, 0 elsewhere) of an 8-bit plane. */
export function canny(src: Uint8Array, width: number, height: number, low: number, high: number): Uint8Array {
  const n = width * height;
  const mag = new Float32Array(n);
  const gxs = new Float32Array(n);
  const gys = new Float32Array(n);
  const p = padMirror(src, width, height);
  const pw = width + 2;
  for (let y = 0; y < height; y++) {
    const up = y * pw;
    const mid = up + pw;
    const down = mid + pw;
    for (let x = 0; x < width; x++) {
      const gx = p[up + x + 2]! + 2 * p[mid + x + 2]! + p[down + x + 2]! - p[up + x]! - 2 * p[mid + x]! - p[down + x]!;
      const gy = p[down + x]! + 2 * p[down + x + 1]! + p[down + x + 2]! - p[up + x]! - 2 * p[up + x + 1]! - p[up + x + 2]!;
      const i = y * width + x;
      gxs[i] = gx;
      gys[i] = gy;
      mag[i] = Math.abs(gx) + Math.abs(gy);
    }
  }
  const TAN22 = Math.tan(Math.PI / 8);
  const TAN67 = Math.tan((3 * Math.PI) / 8);
  const m = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? 0 : mag[y * width + x]!);
  // 0 none, 1 weak, 2 strong
  const state = new Uint8Array(n);
  const stack: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = mag[i]!;
      if (v <= low) continue;
      const ax = Math.abs(gxs[i]!);
      const ay = Math.abs(gys[i]!);
      let a: number;
      let b: number;
      if (ay <= ax * TAN22) {
        a = m(x - 1, y);
        b = m(x + 1, y);
      } else if (ay >= ax * TAN67) {
        a = m(x, y - 1);
        b = m(x, y + 1);
      } else if (gxs[i]! * gys[i]! > 0) {
        a = m(x - 1, y - 1);
        b = m(x + 1, y + 1);
      } else {
        a = m(x + 1, y - 1);
        b = m(x - 1, y + 1);
      }
      if (!(v > a && v >= b)) continue;
      if (v > high) {
        state[i] = 2;
        stack.push(i);
      } else {
        state[i] = 1;
      }
    }
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % width;
    const y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        if (state[j] === 1) {
          state[j] = 2;
          stack.push(j);
        }
      }
    }
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (state[i] === 2) out[i] = 255;
  return out;
}

/** 1-D squared distance transform of f (lower envelope of parabolas). */
function distance1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[k]!] === Infinity) {
      v[k] = q;
      continue;
    }
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = f[p] === Infinity ? Infinity : (q - p) * (q - p) + f[p]!;
  }
}

/** Euclidean distance of every pixel to the nearest pixel where `isSource` is non-zero (Infinity if none). */
export function distanceToNearest(isSource: Uint8Array, width: number, height: number): Float32Array {
  const size = Math.max(width, height);
  const f = new Float64Array(size);
  const d = new Float64Array(size);
  const v = new Int32Array(size);
  const z = new Float64Array(size + 1);
  const grid = new Float64Array(width * height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = isSource[y * width + x] ? 0 : Infinity;
    distance1d(f, height, d, v, z);
    for (let y = 0; y < height; y++) grid[y * width + x] = d[y]!;
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) f[x] = grid[y * width + x]!;
    distance1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) out[y * width + x] = Math.sqrt(d[x]!);
  }
  return out;
}

/** OpenCV's equalizeHist of an 8-bit plane. */
export function equalizeHistogram(src: Uint8Array): Uint8Array {
  const hist = new Float64Array(256);
  for (let i = 0; i < src.length; i++) hist[src[i]!]!++;
  let first = 0;
  while (first < 255 && hist[first] === 0) first++;
  const total = src.length;
  if (hist[first] === total) return new Uint8Array(src.length).fill(first);
  const scale = 255 / (total - hist[first]!);
  const lut = new Uint8Array(256);
  let sum = 0;
  for (let i = first + 1; i < 256; i++) {
    sum += hist[i]!;
    lut[i] = Math.min(255, Math.max(0, Math.round(sum * scale)));
  }
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = lut[src[i]!]!;
  return out;
}

/** 3×3 correlation with `kernel` (row-major, 9 values), mirror border. */
export function correlate3x3(src: ArrayLike<number>, width: number, height: number, kernel: readonly number[]): Float32Array {
  const out = new Float32Array(width * height);
  const p = padMirror(src, width, height);
  const pw = width + 2;
  const [k0, k1, k2, k3, k4, k5, k6, k7, k8] = kernel as [number, number, number, number, number, number, number, number, number];
  for (let y = 0; y < height; y++) {
    const up = y * pw;
    const mid = up + pw;
    const down = mid + pw;
    for (let x = 0; x < width; x++) {
      out[y * width + x] =
        k0 * p[up + x]! + k1 * p[up + x + 1]! + k2 * p[up + x + 2]! +
        k3 * p[mid + x]! + k4 * p[mid + x + 1]! + k5 * p[mid + x + 2]! +
        k6 * p[down + x]! + k7 * p[down + x + 1]! + k8 * p[down + x + 2]!;
    }
  }
  return out;
}

export const BOX_3X3: readonly number[] = Array.from({ length: 9 }, () => 1 / 9);
