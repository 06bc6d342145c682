/**
 * The pixel statistics of one 8-bit RGB image in two passes over its pixels (no second decode): brightness,
 * contrast, saturation, colour cast from the interleaved bytes; sharpness (variance of the Laplacian) and noise
 * (Immerkær's estimator) from the luma plane. Definitions are in shared/drift/statistics.ts.
 */
import type { RgbImage } from '../images/index.js';

export interface PixelStatistics {
  brightness: number;
  contrast: number;
  saturation: number;
  sharpness: number;
  noise: number;
  colorCastA: number;
  colorCastB: number;
}

const SRGB_TO_LINEAR = (() => {
  const lut = new Float64Array(256);
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    lut[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return lut;
})();

let lumaScratch = new Float64Array(0);

/** Measures one image (values as shared/drift/statistics.ts defines them). */
export function pixelStatistics(image: RgbImage): PixelStatistics {
  const { data, width: w, height: h } = image;
  const n = w * h;
  if (lumaScratch.length < n) lumaScratch = new Float64Array(n);
  const luma = lumaScratch;
  let sumY = 0;
  let sumY2 = 0;
  let sumSat = 0;
  let linR = 0;
  let linG = 0;
  let linB = 0;
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    luma[p] = y;
    sumY += y;
    sumY2 += y * y;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    if (max > 0) sumSat += (max - min) / max;
    linR += SRGB_TO_LINEAR[r]!;
    linG += SRGB_TO_LINEAR[g]!;
    linB += SRGB_TO_LINEAR[b]!;
  }
  const meanY = sumY / n;
  const [a, bStar] = labChroma(linR / n, linG / n, linB / n);
  const { sharpness, noise } = neighbourhoodStatistics(luma, w, h);
  return {
    brightness: meanY,
    contrast: Math.sqrt(Math.max(0, sumY2 / n - meanY * meanY)),
    saturation: sumSat / n,
    sharpness,
    noise,
    colorCastA: a,
    colorCastB: bStar,
  };
}

/** Variance of the 4-neighbour Laplacian and Immerkær's noise σ over the interior pixels (0 for images under 3×3). */
function neighbourhoodStatistics(luma: Float64Array, w: number, h: number): { sharpness: number; noise: number } {
  if (w < 3 || h < 3) return { sharpness: 0, noise: 0 };
  let sum = 0;
  let sum2 = 0;
  let absSum = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    for (let x = 1; x < w - 1; x++) {
      const i = row + x;
      const up = luma[i - w]!;
      const down = luma[i + w]!;
      const left = luma[i - 1]!;
      const right = luma[i + 1]!;
      const c = luma[i]!;
      const lap = up + down + left + right - 4 * c;
      sum += lap;
      sum2 += lap * lap;
      // Immerkær's mask [1 −2 1; −2 4 −2; 1 −2 1]: the difference of two Laplacians, blind to edges and gradients.
      const corners = luma[i - w - 1]! + luma[i - w + 1]! + luma[i + w - 1]! + luma[i + w + 1]!;
      absSum += Math.abs(corners - 2 * (up + down + left + right) + 4 * c);
    }
  }
  const m = (w - 2) * (h - 2);
  const mean = sum / m;
  return {
    sharpness: Math.max(0, sum2 / m - mean * mean),
    noise: (Math.sqrt(Math.PI / 2) * absSum) / (6 * m),
  };
}

/** CIELAB a*, b* (D65) of a linear-light sRGB colour. */
export function labChroma(r: number, g: number, b: number): [number, number] {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  return [500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
