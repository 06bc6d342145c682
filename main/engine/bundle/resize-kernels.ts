/**
 * The ONNX Resize settings a bundle may use. Parity resizes with sharp's (libvips) `linear` kernel, which widens
 * its triangle filter to the scale factor when shrinking (an area-weighted average, like Pillow's BILINEAR and like
 * ONNX Resize with antialias=1 from opset 18) and interpolates between the two nearest pixels when enlarging. No
 * ONNX setting reproduces libvips bit for bit (it computes in fixed point, and samples an enlarged image half an
 * output pixel off the usual centre), so `parity bundle` measures every candidate against Parity's own
 * preprocessing and keeps the closest (choose-resize.ts).
 */
import { ParityError } from '../../../shared/errors.js';
import type { ResizeKernel } from '../../../shared/contract/jobs/bundle.js';

function kernel(id: ResizeKernel['id'], mode: ResizeKernel['mode'], ctm: ResizeKernel['coordinateTransformationMode'], antialias: boolean, a: number | null): ResizeKernel {
  return { id, mode, coordinateTransformationMode: ctm, antialias, cubicCoeffA: a, minOpset: antialias ? 18 : 13 };
}

/** Every candidate, the likeliest first (ties in the measurement keep the earlier one). */
export const RESIZE_KERNELS: readonly ResizeKernel[] = [
  kernel('linear-antialias', 'linear', 'half_pixel', true, null),
  kernel('linear', 'linear', 'half_pixel', false, null),
  kernel('linear-pytorch', 'linear', 'pytorch_half_pixel', false, null),
  kernel('linear-asymmetric', 'linear', 'asymmetric', false, null),
  kernel('linear-align-corners', 'linear', 'align_corners', false, null),
  kernel('cubic-antialias', 'cubic', 'half_pixel', true, -0.5),
  kernel('cubic', 'cubic', 'half_pixel', false, -0.75),
];

/** A sentence naming the kernel in ONNX's words. */
export function describeKernel(k: ResizeKernel): string {
  const a = k.mode === 'cubic' ? `, cubic_coeff_a ${k.cubicCoeffA}` : '';
  return `ONNX Resize mode=${k.mode}, coordinate_transformation_mode=${k.coordinateTransformationMode}, antialias=${k.antialias ? 1 : 0}${a}`;
}

/** The kernel named by --resize, or BAD_OPTION listing the names. */
export function kernelById(id: string): ResizeKernel {
  const found = RESIZE_KERNELS.find((k) => k.id === id);
  if (!found) {
    throw new ParityError('BAD_OPTION', `Unknown resize kernel "${id}".`, `Use auto (measure and keep the closest) or one of ${RESIZE_KERNELS.map((k) => k.id).join(', ')}.`);
  }
  return found;
}
