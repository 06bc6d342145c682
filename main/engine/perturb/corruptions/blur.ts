/** ImageNet-C's Gaussian, glass and defocus blurs (motion and zoom blur have their own files). */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { blurRgb } from '../kernels/gaussian-blur.js';
import { extendedIndex } from '../kernels/border.js';
import { fromUnitInterleaved, fromUnitPlanes, unitInterleaved, type Planes } from '../pixels.js';

/** skimage.filters.gaussian on each channel: truncate 4, edge values repeated. */
export function gaussianBlur(image: RgbImage, params: { sigma: number }): RgbImage {
  const { width: w, height: h } = image;
  return fromUnitInterleaved(blurRgb(unitInterleaved(image), w, h, params.sigma), w, h);
}

/**
 * Blur, then every interior pixel swapped with a random neighbour at offsets in [−δ, δ−1] (numpy's randint bounds),
 * visiting rows and columns from the bottom-right as ImageNet-C does, `iterations` times, then blur again.
 */
export function glassBlur(image: RgbImage, params: { sigma: number; maxDelta: number; iterations: number }, rng: Rng): RgbImage {
  const { width: w, height: h } = image;
  const n = w * h;
  const delta = Math.max(1, Math.round(params.maxDelta));
  const first = blurRgb(unitInterleaved(image), w, h, params.sigma);
  // ImageNet-C stores the first blur as uint8 (truncating) before shuffling; a pixel is packed in one word to swap.
  const byte = (v: number): number => (v <= 0 ? 0 : v >= 1 ? 255 : Math.floor(v * 255));
  const packed = new Uint32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) packed[i] = byte(first[j]!) | (byte(first[j + 1]!) << 8) | (byte(first[j + 2]!) << 16);
  const span = 2 * delta;
  for (let it = 0; it < params.iterations; it++) {
    for (let y = h - delta; y > delta; y--) {
      for (let x = w - delta; x > delta; x--) {
        const dx = Math.floor(rng.uniform() * span) - delta;
        const dy = Math.floor(rng.uniform() * span) - delta;
        const a = y * w + x;
        const b = (y + dy) * w + (x + dx);
        const t = packed[a]!;
        packed[a] = packed[b]!;
        packed[b] = t;
      }
    }
  }
  const shuffled = new Float32Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const v = packed[i]!;
    shuffled[j] = (v & 255) / 255;
    shuffled[j + 1] = ((v >>> 8) & 255) / 255;
    shuffled[j + 2] = ((v >>> 16) & 255) / 255;
  }
  return fromUnitInterleaved(blurRgb(shuffled, w, h, params.sigma), w, h);
}

/** Half-widths of the aliased disk's rows: offsets (dx, dy) with dx² + dy² ≤ r². */
function diskRows(radius: number): { reach: number; halfWidths: Int32Array; count: number } {
  const reach = Math.floor(radius);
  const halfWidths = new Int32Array(2 * reach + 1);
  let count = 0;
  for (let dy = -reach; dy <= reach; dy++) {
    const hw = Math.floor(Math.sqrt(Math.max(0, radius * radius - dy * dy)) + 1e-9);
    halfWidths[dy + reach] = hw;
    count += 2 * hw + 1;
  }
  return { reach, halfWidths, count };
}

/** OpenCV's getGaussianKernel for an explicit size and σ. */
function fixedGaussian(size: number, sigma: number): Float32Array {
  const k = new Float32Array(size);
  const mid = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    k[i] = Math.exp(-((i - mid) ** 2) / (2 * sigma * sigma));
    sum += k[i]!;
  }
  for (let i = 0; i < size; i++) k[i]! /= sum;
  return k;
}

/** Mirror-bordered separable convolution with a small kernel (the disk's anti-aliasing blur). */
function smallSeparable(src: Float32Array, w: number, h: number, kernel: Float32Array): Float32Array {
  const r = (kernel.length - 1) >> 1;
  const xs = extendedIndex(w, r, 'mirror');
  const ys = extendedIndex(h, r, 'mirror');
  const tmp = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let t = 0; t < kernel.length; t++) acc += kernel[t]! * src[row + xs[x + t]!]!;
      tmp[row + x] = acc;
    }
  }
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let t = 0; t < kernel.length; t++) {
      const wt = kernel[t]!;
      const from = ys[y + t]! * w;
      const to = y * w;
      for (let x = 0; x < w; x++) out[to + x]! += wt * tmp[from + x]!;
    }
  }
  return out;
}

/**
 * Mean over the aliased disk around each pixel, per channel, from integer row prefix sums of the 8-bit image
 * (mirror border, OpenCV's filter2D default): O(radius) per pixel instead of O(radius²).
 */
function diskMeans(image: RgbImage, radius: number): Planes {
  const { width: w, height: h, data } = image;
  const { reach, halfWidths, count } = diskRows(radius);
  const pw = w + 2 * reach;
  const xs = extendedIndex(w, reach, 'mirror');
  const ys = extendedIndex(h, reach, 'mirror');
  // prefix[((py · stride) + k) · 3 + c] = sum of channel c over the padded row py, columns < k (fits in int32).
  const stride = pw + 1;
  const prefix = new Int32Array((h + 2 * reach) * stride * 3);
  for (let py = 0; py < h + 2 * reach; py++) {
    const srcRow = ys[py]! * w;
    let at = py * stride * 3;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let k = 0; k < pw; k++) {
      const j = (srcRow + xs[k]!) * 3;
      r += data[j]!;
      g += data[j + 1]!;
      b += data[j + 2]!;
      at += 3;
      prefix[at] = r;
      prefix[at + 1] = g;
      prefix[at + 2] = b;
    }
  }
  const planes: Planes = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)];
  const scale = 1 / (count * 255);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = -reach; dy <= reach; dy++) {
        const hw = halfWidths[dy + reach]!;
        const base = (y + reach + dy) * stride + x + reach;
        const hi = (base + hw + 1) * 3;
        const lo = (base - hw) * 3;
        r += prefix[hi]! - prefix[lo]!;
        g += prefix[hi + 1]! - prefix[lo + 1]!;
        b += prefix[hi + 2]! - prefix[lo + 2]!;
      }
      const i = y * w + x;
      planes[0][i] = r * scale;
      planes[1][i] = g * scale;
      planes[2][i] = b * scale;
    }
  }
  return planes;
}

/**
 * ImageNet-C's disk kernel is the aliased disk blurred by a 3×3 (radius ≤ 8) or 5×5 Gaussian of σ = aliasBlur;
 * convolution is associative, so the image is convolved with the disk (prefix sums, O(radius) per pixel) and then
 * with that small Gaussian. Only the kernel's own border handling differs from building the 2-D kernel first.
 */
export function defocusBlur(image: RgbImage, params: { radius: number; aliasBlur: number }): RgbImage {
  const { width: w, height: h } = image;
  const radius = Math.max(0.5, params.radius);
  const alias = fixedGaussian(radius <= 8 ? 3 : 5, params.aliasBlur);
  const planes = diskMeans(image, radius).map((p) => smallSeparable(p, w, h, alias)) as Planes;
  return fromUnitPlanes(planes, w, h);
}
