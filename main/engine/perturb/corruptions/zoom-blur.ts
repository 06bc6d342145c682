/**
 * ImageNet-C's zoom blur: the mean of the image and its centred zooms (ImageNet-C's clipped_zoom, per axis; see
 * kernels/clipped-zoom.ts). Zooms are separable: each output row blends two source rows once, then columns.
 */
import type { RgbImage } from '../../images/index.js';
import { zoomAxis } from '../kernels/clipped-zoom.js';
import { fromUnitInterleaved, unitInterleaved } from '../pixels.js';

/** Adds the zoomed image to `acc` (both interleaved RGB floats). */
function addZoom(src: Float32Array, width: number, height: number, zoom: number, acc: Float32Array, rowBuffer: Float32Array): void {
  const rows = zoomAxis(height, zoom);
  const cols = zoomAxis(width, zoom);
  const c0 = cols.i0[0]!;
  const c1 = cols.i1[width - 1]!;
  for (let y = 0; y < height; y++) {
    const a = rows.i0[y]! * width * 3;
    const b = rows.i1[y]! * width * 3;
    const fy = rows.frac[y]!;
    for (let k = c0 * 3; k < (c1 + 1) * 3; k++) rowBuffer[k] = src[a + k]! + fy * (src[b + k]! - src[a + k]!);
    const out = y * width * 3;
    for (let x = 0; x < width; x++) {
      const p = cols.i0[x]! * 3;
      const q = cols.i1[x]! * 3;
      const fx = cols.frac[x]!;
      const o = out + x * 3;
      acc[o]! += rowBuffer[p]! + fx * (rowBuffer[q]! - rowBuffer[p]!);
      acc[o + 1]! += rowBuffer[p + 1]! + fx * (rowBuffer[q + 1]! - rowBuffer[p + 1]!);
      acc[o + 2]! += rowBuffer[p + 2]! + fx * (rowBuffer[q + 2]! - rowBuffer[p + 2]!);
    }
  }
}

/** Zoom factors first, first + step, … (count of them), as ImageNet-C's np.arange lists. */
export function zoomBlur(image: RgbImage, params: { first: number; step: number; count: number }): RgbImage {
  const { width, height } = image;
  const src = unitInterleaved(image);
  const acc = new Float32Array(src);
  const rowBuffer = new Float32Array(width * 3);
  for (let k = 0; k < params.count; k++) addZoom(src, width, height, params.first + k * params.step, acc, rowBuffer);
  const inv = 1 / (params.count + 1);
  for (let i = 0; i < acc.length; i++) acc[i]! *= inv;
  return fromUnitInterleaved(acc, width, height);
}
