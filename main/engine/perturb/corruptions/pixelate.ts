/**
 * ImageNet-C's pixelate: PIL's BOX resize down to ⌊size·factor⌋ and back up. The box resampler follows Pillow's
 * coefficients (support ½·max(scale, 1) around each output centre, weight 1 for inputs whose centre falls in the
 * box, normalised), horizontal pass then vertical, each rounded to 8 bits as Pillow does for RGB images.
 */
import type { RgbImage } from '../../images/index.js';
import { BOX_FILTER, pillowTaps } from '../kernels/pillow-taps.js';

function resampleAxis(src: Uint8Array, sw: number, sh: number, dw: number, dh: number, horizontal: boolean): Uint8Array {
  const out = new Uint8Array(dw * dh * 3);
  const coeffs = horizontal ? pillowTaps(sw, dw, BOX_FILTER) : pillowTaps(sh, dh, BOX_FILTER);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const i = horizontal ? x : y;
      const lo = coeffs.start[i]!;
      const n = coeffs.count[i]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        const w = coeffs.weights[i * coeffs.stride + k]!;
        const at = horizontal ? (y * sw + lo + k) * 3 : ((lo + k) * sw + x) * 3;
        r += w * src[at]!;
        g += w * src[at + 1]!;
        b += w * src[at + 2]!;
      }
      const o = (y * dw + x) * 3;
      out[o] = Math.min(255, Math.round(r));
      out[o + 1] = Math.min(255, Math.round(g));
      out[o + 2] = Math.min(255, Math.round(b));
    }
  }
  return out;
}

/** Box resize of an RGB image to dw × dh. */
export function boxResize(image: RgbImage, dw: number, dh: number): RgbImage {
  const { width: sw, height: sh } = image;
  let data = image.data;
  let w = sw;
  if (dw !== sw) {
    data = resampleAxis(data, sw, sh, dw, sh, true);
    w = dw;
  }
  if (dh !== sh) data = resampleAxis(data, w, sh, w, dh, false);
  return { data: data === image.data ? new Uint8Array(data) : data, width: dw, height: dh };
}

export function pixelate(image: RgbImage, params: { factor: number }): RgbImage {
  const w = Math.max(1, Math.trunc(image.width * params.factor));
  const h = Math.max(1, Math.trunc(image.height * params.factor));
  return boxResize(boxResize(image, w, h), image.width, image.height);
}
