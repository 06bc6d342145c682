/**
 * Resizing float planes, and the grid on which weather layers are made. A triangle filter widened to the
 * scale factor (Pillow's BILINEAR): bilinear when enlarging, an antialiased average when shrinking.
 */
import { IMAGENET_C_SIDE } from '../../../../shared/perturbations/index.js';
import { pillowTaps, TRIANGLE_FILTER } from './pillow-taps.js';

/** A plane of sw × sh resized to dw × dh. */
export function resizePlane(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  if (sw === dw && sh === dh) return new Float32Array(src);
  const tx = pillowTaps(sw, dw, TRIANGLE_FILTER);
  const tmp = new Float32Array(dw * sh);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < dw; x++) {
      let acc = 0;
      const lo = tx.start[x]!;
      for (let k = 0; k < tx.count[x]!; k++) acc += tx.weights[x * tx.stride + k]! * src[y * sw + Math.min(sw - 1, lo + k)]!;
      tmp[y * dw + x] = acc;
    }
  }
  const ty = pillowTaps(sh, dh, TRIANGLE_FILTER);
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const lo = ty.start[y]!;
    for (let k = 0; k < ty.count[y]!; k++) {
      const w = ty.weights[y * ty.stride + k]!;
      const from = Math.min(sh - 1, lo + k) * dw;
      for (let x = 0; x < dw; x++) out[y * dw + x]! += w * tmp[from + x]!;
    }
  }
  return out;
}

/**
 * The grid a random layer (snow, spatter, frost) is made on. Images larger than 224 × 224 (in area) get a grid of
 * about 224 × 224 cells with their aspect ratio, so flakes and drops keep their size relative to the picture;
 * smaller images use their own pixels, so flakes stay at least a pixel wide instead of fading into a veil.
 */
export function layerGrid(width: number, height: number): { width: number; height: number } {
  if (width * height <= IMAGENET_C_SIDE * IMAGENET_C_SIDE) return { width, height };
  const aspect = width / height;
  return {
    width: Math.max(1, Math.round(IMAGENET_C_SIDE * Math.sqrt(aspect))),
    height: Math.max(1, Math.round(IMAGENET_C_SIDE / Math.sqrt(aspect))),
  };
}

/** s = √(width·height) / 224: the factor applied to pixel lengths of ImageNet-C's parameters. */
export function sizeScale(width: number, height: number): number {
  return Math.sqrt(width * height) / IMAGENET_C_SIDE;
}
