/** Which function implements each catalog entry. A catalog name without an implementation fails to compile. */
import type { PerturbationName, PerturbationParams } from '../../../shared/perturbations/index.js';
import type { RgbImage } from '../images/index.js';
import type { Rng } from './rng.js';
import { gaussianNoise, impulseNoise, shotNoise, speckleNoise } from './corruptions/noise.js';
import { defocusBlur, gaussianBlur, glassBlur } from './corruptions/blur.js';
import { motionBlur } from './corruptions/motion-blur.js';
import { zoomBlur } from './corruptions/zoom-blur.js';
import { snow } from './corruptions/snow.js';
import { frost } from './corruptions/frost.js';
import { fog } from './corruptions/fog.js';
import { brightness, contrast, saturate } from './corruptions/color.js';
import { elasticTransform } from './corruptions/elastic.js';
import { pixelate } from './corruptions/pixelate.js';
import { jpegCompression } from './corruptions/jpeg.js';
import { spatter } from './corruptions/spatter.js';
import { occlusionPatch } from './occlusion/patch.js';
import { occlusionGrid } from './occlusion/grid.js';
import { occlusionBranches } from './occlusion/branches.js';

/** What an implementation may draw on besides the image and its (size-scaled) parameters. */
export interface PerturbContext {
  /** Random stream of this (seed, perturbation, severity, image). */
  rng: Rng;
  /** Random stream of this (seed, perturbation, image), the same at every severity (occlusion layouts, shake direction). */
  layout: Rng;
  /** The user's seed (textures shared by a run depend on it). */
  seed: number;
}

type Implementation<N extends PerturbationName> = (image: RgbImage, params: PerturbationParams<N>, ctx: PerturbContext) => RgbImage | Promise<RgbImage>;

export const IMPLEMENTATIONS: { [N in PerturbationName]: Implementation<N> } = {
  gaussian_noise: (image, p, ctx) => gaussianNoise(image, p, ctx.rng),
  shot_noise: (image, p, ctx) => shotNoise(image, p, ctx.rng),
  impulse_noise: (image, p, ctx) => impulseNoise(image, p, ctx.rng),
  defocus_blur: (image, p) => defocusBlur(image, p),
  glass_blur: (image, p, ctx) => glassBlur(image, p, ctx.rng),
  motion_blur: (image, p, ctx) => motionBlur(image, p, ctx.layout),
  zoom_blur: (image, p) => zoomBlur(image, p),
  snow: (image, p, ctx) => snow(image, p, ctx.rng),
  frost: (image, p, ctx) => frost(image, p, ctx.rng, ctx.seed),
  fog: (image, p, ctx) => fog(image, p, ctx.rng),
  brightness: (image, p) => brightness(image, p),
  contrast: (image, p) => contrast(image, p),
  elastic_transform: (image, p, ctx) => elasticTransform(image, p, ctx.rng),
  pixelate: (image, p) => pixelate(image, p),
  jpeg_compression: (image, p) => jpegCompression(image, p),
  speckle_noise: (image, p, ctx) => speckleNoise(image, p, ctx.rng),
  gaussian_blur: (image, p) => gaussianBlur(image, p),
  spatter: (image, p, ctx) => spatter(image, p, ctx.rng),
  saturate: (image, p) => saturate(image, p),
  occlusion_patch: (image, p, ctx) => occlusionPatch(image, p, ctx.rng),
  occlusion_grid: (image, p, ctx) => occlusionGrid(image, p, ctx.layout),
  occlusion_branches: (image, p, ctx) => occlusionBranches(image, p, ctx.layout),
};
