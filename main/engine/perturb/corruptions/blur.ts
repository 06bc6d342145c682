/** ImageNet-C's Gaussian, glass and defocus blurs (motion and zoom blur have their own files). */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { blurPlane } from '../kernels/gaussian-blur.js';
import { extendedIndex } from '../kernels/border.js';
import { fromUnitPlanes, unitPlanes, type Planes } from '../pixels.js';

/** skimage.filters.gaussian on each channel: truncate 4, edge values repeated. */
export function gaussianBlur(image: RgbImage, params: { sigma: number }): RgbImage {
  const { width: w, height: h } = image;
  const planes = unitPlanes(image).map((p) => blurPlane(p, w, h, params.sigma)) as Planes;
  return fromUnitPlanes(planes, w, h);
}

/**
 * Blur, then every interior pixel swapped with a random neighbour at offsets in [−δ, δ−1] (numpy's randint bounds),
 * visiting rows and columns from the bottom-right as ImageNet-C does, `iterations` times, then blur again.
 */
export function glassBlur(image: RgbImage, params: { sigma: number; maxDelta: number; iterations: number }, rng: Rng): RgbImage {
  const { width: w, height: h } = image;
  const delta = Math.max(1, Math.round(params.maxDelta));
  const first = unitPlanes(image).map((p) => blurPlane(p, w, h, params.sigma));
  // ImageNet-C stores the first blur as uint8 (truncating) before shuffling.
  const bytes = new Uint8Array(w * h * 3);
  for (let c = 0; c < 3; c++) {
    const plane = first[c]!;
    for (let i = 0; i < w * h; i++) bytes[i * 3 + c] = Math.min(255, Math.max(0, Math.floor(plane[i]! * 255)));
  }
  const span = 2 * delta;
  for (let it = 0; it < params.iterations; it++) {
    for (let y = h - delta; y > delta; y--) {
      for (let x = w - delta; x > delta; x--) {
        const dx = Math.floor(rng.uniform() * span) - delta;
        const dy = Math.floor(rng.uniform() * span) - delta;
        const a = (y * w + x) * 3;
        const b = ((y + dy) * w + (x + dx)) * 3;
        for (let c = 0; c < 3; c++) {
          const t = bytes[a + c]!;
          bytes[a + c] = bytes[b + c]!;
          bytes[b + c] = t;
        }
      }
    }
  }
  const planes = unitPlanes({ data: bytes, width: w, height: h }).map((p) => blurPlane(p, w, h, params.sigma)) as Planes;
  return fromUnitPlanes(planes, w, h);
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

/** Mean over the aliased disk around each pixel, from row prefix sums (mirror border, OpenCV's filter2D default). */
function diskMean(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  const { reach, halfWidths, count } = diskRows(radius);
  const pw = w + 2 * reach;
  const xs = extendedIndex(w, reach, 'mirror');
  const ys = extendedIndex(h, reach, 'mirror');
  // prefix[(py * (pw + 1)) + k] = sum of the padded row py over columns < k.
  const stride = pw + 1;
  const prefix = new Float64Array((h + 2 * reach) * stride);
  for (let py = 0; py < h + 2 * reach; py++) {
    const srcRow = ys[py]! * w;
    const base = py * stride;
    let sum = 0;
    for (let k = 0; k < pw; k++) {
      sum += src[srcRow + xs[k]!]!;
      prefix[base + k + 1] = sum;
    }
  }
  const out = new Float32Array(w * h);
  const inv = 1 / count;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let dy = -reach; dy <= reach; dy++) {
        const hw = halfWidths[dy + reach]!;
        const base = (y + reach + dy) * stride + x + reach;
        acc += prefix[base + hw + 1]! - prefix[base - hw]!;
      }
      out[y * w + x] = acc * inv;
    }
  }
  return out;
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
  const planes = unitPlanes(image).map((p) => smallSeparable(diskMean(p, w, h, radius), w, h, alias)) as Planes;
  return fromUnitPlanes(planes, w, h);
}
