/**
 * ImageNet-C's motion blur: an ImageMagick-style streak in a random direction within ±maxAngle degrees. The
 * direction comes from the image's severity-independent stream (the camera shakes the same way; severity is how
 * far), so severities differ by strength alone and not by a lucky direction along or across the image's lines.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { motionBlurValues, motionTaps } from '../kernels/motion-kernel.js';
import { fromUnitInterleaved, unitInterleaved } from '../pixels.js';

export function motionBlur(image: RgbImage, params: { radius: number; sigma: number; maxAngle: number }, layout: Rng): RgbImage {
  const angle = layout.range(-params.maxAngle, params.maxAngle);
  const taps = motionTaps(params.radius, params.sigma, angle);
  const blurred = motionBlurValues(unitInterleaved(image), image.width, image.height, 3, taps);
  return fromUnitInterleaved(blurred, image.width, image.height);
}
