/**
 * Applies one catalog perturbation at one severity to an 8-bit RGB image (in the compare pipeline: the image
 * already fitted to the model's input size). The result depends only on (image pixels, perturbation, severity,
 * seed): the random streams are keyed by a digest of the pixels, so the same picture gets the same noise under
 * any file name, on any machine.
 */
import { createHash } from 'node:crypto';
import { ParityError } from '../../../shared/errors.js';
import {
  PERTURBATION_NAMES,
  isPerturbationName,
  perturbationInfo,
  severityParams,
  type PerturbationName,
  type Severity,
} from '../../../shared/perturbations/index.js';
import { assertRgbImage, type RgbImage } from '../images/index.js';
import { sizeScale } from './kernels/resize-plane.js';
import { IMPLEMENTATIONS, type PerturbContext } from './registry.js';
import { Rng } from './rng.js';

/** Bumped whenever an implementation changes its output, so cached results from older code are not reused. */
export const PERTURBATION_ALGORITHM_VERSION = 5;

/** Images smaller than this on a side are refused: several corruptions have no room to act below it. */
export const MIN_PERTURB_SIDE = 8;

export interface PerturbationRequest {
  name: PerturbationName;
  severity: Severity;
  seed: number;
}

/** Hex SHA-256 of an image's size and pixels: the image part of every perturbation's random key. */
export function imageDigest(image: RgbImage): string {
  return createHash('sha256').update(`${image.width}x${image.height}|`).update(image.data).digest('hex');
}

/** Throws BAD_IMAGE when an image is too small to perturb, with the reason. */
export function assertPerturbable(image: RgbImage, what = 'The image'): void {
  if (image.width < MIN_PERTURB_SIDE || image.height < MIN_PERTURB_SIDE) {
    throw new ParityError(
      'BAD_IMAGE',
      `${what} is ${image.width}×${image.height} pixels; perturbations need at least ${MIN_PERTURB_SIDE}×${MIN_PERTURB_SIDE}.`,
      'Use a larger image (or, in a comparison, a model with a larger input).',
    );
  }
}

/** The parameters of (name, severity) for an image of this size: pixel lengths scaled by √(w·h)/224. */
export function scaledParams(name: PerturbationName, severity: Severity, width: number, height: number): Record<string, number> {
  const params: Record<string, number> = { ...(severityParams(name, severity) as Record<string, number>) };
  const info = perturbationInfo(name);
  if (info.sizing === 'scaled') {
    const s = sizeScale(width, height);
    for (const key of info.scaledParameters) params[key] = params[key]! * s;
  }
  return params;
}

/** The perturbed image (a new buffer; the input is not modified). `digest` may be passed when already known. */
export async function perturbImage(image: RgbImage, request: PerturbationRequest, digest: string = imageDigest(image)): Promise<RgbImage> {
  assertRgbImage(image);
  const { name, severity, seed } = request;
  if (!isPerturbationName(name)) {
    throw new ParityError('BAD_OPTION', `Unknown perturbation "${String(name)}".`, `Valid names: ${PERTURBATION_NAMES.join(', ')}.`);
  }
  if (!Number.isInteger(severity) || severity < 1 || severity > 5) {
    throw new ParityError('BAD_OPTION', `Severity must be an integer from 1 to 5, got ${String(severity)}.`);
  }
  assertPerturbable(image);
  const ctx: PerturbContext = {
    rng: Rng.fromKey(`parity-perturbation/${PERTURBATION_ALGORITHM_VERSION}|${seed}|${name}|${severity}|${digest}`),
    layout: Rng.fromKey(`parity-perturbation-layout/${PERTURBATION_ALGORITHM_VERSION}|${seed}|${name}|${digest}`),
    seed,
  };
  const params = scaledParams(name, severity, image.width, image.height);
  const implementation = IMPLEMENTATIONS[name] as (image: RgbImage, params: Record<string, number>, ctx: PerturbContext) => RgbImage | Promise<RgbImage>;
  const out = await implementation(image, params, ctx);
  assertRgbImage(out);
  if (out.width !== image.width || out.height !== image.height) {
    throw new Error(`internal: ${name} changed the image size from ${image.width}×${image.height} to ${out.width}×${out.height}`);
  }
  return out;
}
