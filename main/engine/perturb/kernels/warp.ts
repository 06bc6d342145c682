/** Bilinear sampling of interleaved RGB floats at arbitrary coordinates, with a border mode for outside reads. */
import { borderIndex, type BorderMode } from './border.js';

/**
 * out(x, y) = src at (mapX(x, y), mapY(x, y)), bilinear. `coords` holds the x and y source coordinate of every
 * output pixel, interleaved.
 */
export function remapBilinear(src: Float32Array, width: number, height: number, coords: Float32Array, mode: BorderMode): Float32Array {
  const out = new Float32Array(width * height * 3);
  for (let i = 0, o = 0; i < width * height; i++, o += 3) {
    const sx = coords[2 * i]!;
    const sy = coords[2 * i + 1]!;
    const x0 = Math.floor(sx);
    const y0 = Math.floor(sy);
    const fx = sx - x0;
    const fy = sy - y0;
    let xa: number;
    let xb: number;
    let ya: number;
    let yb: number;
    if (x0 >= 0 && x0 + 1 < width) {
      xa = x0;
      xb = x0 + 1;
    } else {
      xa = borderIndex(x0, width, mode);
      xb = borderIndex(x0 + 1, width, mode);
    }
    if (y0 >= 0 && y0 + 1 < height) {
      ya = y0;
      yb = y0 + 1;
    } else {
      ya = borderIndex(y0, height, mode);
      yb = borderIndex(y0 + 1, height, mode);
    }
    const p00 = (ya * width + xa) * 3;
    const p01 = (ya * width + xb) * 3;
    const p10 = (yb * width + xa) * 3;
    const p11 = (yb * width + xb) * 3;
    for (let c = 0; c < 3; c++) {
      const top = src[p00 + c]! + fx * (src[p01 + c]! - src[p00 + c]!);
      const bottom = src[p10 + c]! + fx * (src[p11 + c]! - src[p10 + c]!);
      out[o + c] = top + fy * (bottom - top);
    }
  }
  return out;
}

/** The affine map [a b c; d e f] taking three points `from` to three points `to` (OpenCV's getAffineTransform). */
export function affineFromPoints(from: ReadonlyArray<readonly [number, number]>, to: ReadonlyArray<readonly [number, number]>): number[] {
  const [p0, p1, p2] = from as [readonly [number, number], readonly [number, number], readonly [number, number]];
  const det = p0[0] * (p1[1] - p2[1]) - p0[1] * (p1[0] - p2[0]) + (p1[0] * p2[1] - p2[0] * p1[1]);
  if (Math.abs(det) < 1e-12) throw new RangeError('affineFromPoints: the points are collinear');
  // Solve [x y 1]·[a b c]ᵀ = x' (and y') for the three points by Cramer's rule.
  const solve = (v0: number, v1: number, v2: number): [number, number, number] => {
    const a = (v0 * (p1[1] - p2[1]) - p0[1] * (v1 - v2) + (v1 * p2[1] - v2 * p1[1])) / det;
    const b = (p0[0] * (v1 - v2) - v0 * (p1[0] - p2[0]) + (p1[0] * v2 - p2[0] * v1)) / det;
    const c = (p0[0] * (p1[1] * v2 - p2[1] * v1) - p0[1] * (p1[0] * v2 - p2[0] * v1) + v0 * (p1[0] * p2[1] - p2[0] * p1[1])) / det;
    return [a, b, c];
  };
  const [t0, t1, t2] = to as [readonly [number, number], readonly [number, number], readonly [number, number]];
  return [...solve(t0[0], t1[0], t2[0]), ...solve(t0[1], t1[1], t2[1])];
}

/** The inverse of an affine map [a b c; d e f]. */
export function invertAffine(m: readonly number[]): number[] {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-12) throw new RangeError('invertAffine: singular map');
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}
