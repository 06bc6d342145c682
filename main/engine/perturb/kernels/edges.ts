/**
 * The 8-bit image operations spatter needs, with OpenCV's semantics: Canny edges (3×3 Sobel, L1 magnitude,
 * non-maximum suppression in four directions, hysteresis with 8-connectivity), the distance to the nearest edge
 * (OpenCV's DIST_L2 5×5 chamfer), histogram equalisation, 3×3 box mean and 3×3 correlation (mirror border).
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

/** OpenCV's DIST_L2 with a 5×5 mask: chamfer weights for a step across (1), diagonal (1.4) and a knight's move (2.1969). */
const CHAMFER_A = 1;
const CHAMFER_B = 1.4;
const CHAMFER_C = 2.1969;

/**
 * Distance of every pixel to the nearest pixel where `isSource` is non-zero (Infinity if none), by OpenCV's
 * two-pass 5×5 chamfer — the approximation of the Euclidean distance that ImageNet-C's spatter used.
 */
export function distanceToNearest(isSource: Uint8Array, width: number, height: number): Float32Array {
  // Two cells of margin so the mask never reads outside; the margin stays at Infinity.
  const pw = width + 4;
  const d = new Float64Array(pw * (height + 4)).fill(Infinity);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (isSource[y * width + x]) d[(y + 2) * pw + x + 2] = 0;
  // Forward mask: left, up, up-left, up-right and the four knight's moves above; the backward mask mirrors it.
  const up = pw;
  const up2 = 2 * pw;
  for (let y = 2; y < height + 2; y++) {
    for (let x = 2; x < width + 2; x++) {
      const i = y * pw + x;
      d[i] = Math.min(
        d[i]!,
        d[i - 1]! + CHAMFER_A,
        d[i - up]! + CHAMFER_A,
        d[i - up - 1]! + CHAMFER_B,
        d[i - up + 1]! + CHAMFER_B,
        d[i - up - 2]! + CHAMFER_C,
        d[i - up2 - 1]! + CHAMFER_C,
        d[i - up2 + 1]! + CHAMFER_C,
        d[i - up + 2]! + CHAMFER_C,
      );
    }
  }
  for (let y = height + 1; y >= 2; y--) {
    for (let x = width + 1; x >= 2; x--) {
      const i = y * pw + x;
      d[i] = Math.min(
        d[i]!,
        d[i + 1]! + CHAMFER_A,
        d[i + up]! + CHAMFER_A,
        d[i + up + 1]! + CHAMFER_B,
        d[i + up - 1]! + CHAMFER_B,
        d[i + up + 2]! + CHAMFER_C,
        d[i + up2 + 1]! + CHAMFER_C,
        d[i + up2 - 1]! + CHAMFER_C,
        d[i + up - 2]! + CHAMFER_C,
      );
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = d[(y + 2) * pw + x + 2]!;
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
