/**
 * ImageNet-C's elastic transform: a random affine warp (three control points ⌊min(w,h)/3⌋ around the centre, each
 * moved by up to `affine` pixels scaled with that square; bilinear, mirror border), then a displacement field —
 * uniform noise in [−1, 1] smoothed by a Gaussian of σ (reflect border, truncated at 3σ) times `alpha` per axis —
 * sampled bilinearly (reflect border).
 */
import { IMAGENET_C_SIDE } from '../../../../shared/perturbations/index.js';
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { blurPlane } from '../kernels/gaussian-blur.js';
import { affineFromPoints, invertAffine, remapBilinear } from '../kernels/warp.js';
import { fromUnitInterleaved, unitInterleaved } from '../pixels.js';

export function elasticTransform(image: RgbImage, params: { alpha: number; sigma: number; affine: number }, rng: Rng): RgbImage {
  const { width: w, height: h } = image;
  const n = w * h;
  const cx = Math.floor(w / 2);
  const cy = Math.floor(h / 2);
  const sq = Math.max(1, Math.floor(Math.min(w, h) / 3));
  // The shift is relative to the control square (74 px at 224), so narrow images are not torn apart.
  const affine = params.affine * (sq / Math.floor(IMAGENET_C_SIDE / 3));
  const from: Array<[number, number]> = [
    [cx + sq, cy + sq],
    [cx + sq, cy - sq],
    [cx - sq, cy - sq],
  ];
  const to = from.map(([x, y]): [number, number] => [x + rng.range(-affine, affine), y + rng.range(-affine, affine)]);
  const inverse = invertAffine(affineFromPoints(from, to));
  const coords = new Float32Array(2 * n);
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      coords[2 * i] = inverse[0]! * x + inverse[1]! * y + inverse[2]!;
      coords[2 * i + 1] = inverse[3]! * x + inverse[4]! * y + inverse[5]!;
    }
  }
  const warped = remapBilinear(unitInterleaved(image), w, h, coords, 'mirror');

  const dx = blurPlane(rng.fillUniform(new Float32Array(n), -1, 1), w, h, params.sigma, { mode: 'reflect', truncate: 3 });
  const dy = blurPlane(rng.fillUniform(new Float32Array(n), -1, 1), w, h, params.sigma, { mode: 'reflect', truncate: 3 });
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      coords[2 * i] = x + dx[i]! * params.alpha;
      coords[2 * i + 1] = y + dy[i]! * params.alpha;
    }
  }
  return fromUnitInterleaved(remapBilinear(warped, w, h, coords, 'reflect'), w, h);
}
