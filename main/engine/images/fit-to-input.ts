/**
 * Geometry: a decoded image becomes an RGB image of exactly the model's width × height, before any
 * perturbation (perturbations work on this 8-bit image, like ImageNet-C corrupts the resized image).
 *
 * Resampling uses sharp's `linear` kernel (bilinear when enlarging; a triangle filter widened to the scale
 * factor when shrinking, so downscaling averages instead of aliasing). libvips samples an enlarged image at
 * input x = j / scale − 0.5 (content sits half an output pixel right of the usual centre convention); the same
 * tensor feeds every model under test, so this only matters when matching another framework bit for bit.
 * Sizes are computed here, not by sharp, so the placement is exact and documented:
 * - stretch: resize to width × height, ignoring the aspect ratio.
 * - letterbox: scale = min(W/w, H/h), content round(w·scale) × round(h·scale) (at least 1), centred with the
 *   extra pixel (if odd) on the right/bottom (`anchor: "top-left"`: at the top-left corner, all padding right and
 *   below, as YOLOX and NudeNet train), padded with `pad` (default mid-grey 114, the value YOLO-family letterboxing
 *   uses, close to the dataset mean so padding carries little signal).
 * - crop: scale = max(W'/w, H'/h) with W' = round(W / cropFraction) (cropFraction default 1), so the image covers
 *   W' × H', then a centred W × H crop (extra pixel to the left/top kept, i.e. offset floor((size − target) / 2)).
 *   cropFraction 0.875 at 224 is the ImageNet evaluation convention: shorter side 256, centre crop 224.
 */
import sharp, { type Sharp } from 'sharp';
import { DEFAULT_LETTERBOX_PAD, letterboxPad } from '../../../shared/preprocess.js';
import { assertRgbImage, type RgbImage } from './rgb-image.js';
import { planFit, type Geometry } from './fit-geometry.js';

/** Grey used to pad letterboxed images when the spec gives no `pad`. */
export const LETTERBOX_GREY = DEFAULT_LETTERBOX_PAD;
/** Kernel used for every resize. */
export const RESIZE_KERNEL = 'linear' as const;

function raw(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

async function toRgb(pipeline: Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

async function resized(image: RgbImage, width: number, height: number): Promise<Sharp> {
  if (width === image.width && height === image.height) return raw(image);
  // Materialise the resize so a following extend/extract applies to the resized image, not the input.
  const out = await toRgb(raw(image).resize(width, height, { fit: 'fill', kernel: RESIZE_KERNEL }));
  return raw(out);
}

/** Resizes (stretch, letterbox or crop, as documented above) to exactly spec.width × spec.height. */
export async function fitToInput(image: RgbImage, spec: Geometry): Promise<RgbImage> {
  assertRgbImage(image);
  if (image.width === spec.width && image.height === spec.height) return { data: image.data, width: image.width, height: image.height };
  const plan = planFit(image.width, image.height, spec);
  const pipeline = await resized(image, plan.resizeWidth, plan.resizeHeight);
  if (plan.pad) {
    const [r, g, b] = letterboxPad(spec);
    return toRgb(pipeline.extend({ ...plan.pad, background: { r, g, b } }));
  }
  if (plan.crop) return toRgb(pipeline.extract(plan.crop));
  return toRgb(pipeline);
}
