/**
 * The layerwise section of a comparison: computed when the candidate is quantized (its graph holds quantization
 * operators), on up to 32 of the compared images spread over the run, as `parity layers` computes it. It is an
 * addition to the report: if it cannot be computed, the comparison says why in its log and goes on without it.
 */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { DEFAULT_LAYER_IMAGES } from '../../../../shared/contract/jobs/layers.js';
import { ParityError } from '../../../../shared/errors.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { DEFAULT_LAYER_SQNR_FLOOR_DB, type Layerwise } from '../../../../shared/report/layers-section.js';
import type { ImageEntry } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import { normalizeDomain, readModel } from '../../onnx/index.js';
import { evenlySpread } from '../../convert/search/validation-images.js';
import { runLayers } from './run-layers.js';

const QUANTIZATION_OPS = new Set(['QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'QLinearConv', 'QLinearMatMul', 'ConvInteger', 'MatMulInteger']);

/** Whether a model's main graph holds quantization operators. */
export async function isQuantized(file: string): Promise<boolean> {
  const model = await readModel(file, { checkStructure: false });
  return (model.proto.graph?.node ?? []).some((n) => QUANTIZATION_OPS.has(n.opType) && ['', 'com.microsoft'].includes(normalizeDomain(n.domain)));
}

/** The report's `layers`, or null when the candidate is not quantized (or the section could not be computed). */
export async function layerwiseForReport(
  params: Pick<CompareOptions, 'reference' | 'candidate' | 'threads'>,
  images: { root: string; entries: readonly ImageEntry[] },
  spec: PreprocessSpec,
  ctx: JobContext,
): Promise<Layerwise | null> {
  if (!(await isQuantized(params.candidate))) return null;
  const count = Math.min(DEFAULT_LAYER_IMAGES, images.entries.length);
  const entries = evenlySpread(images.entries.length, count).map((i) => images.entries[i]!);
  try {
    return await runLayers(
      { reference: params.reference, candidate: params.candidate, images: { root: images.root, entries }, preprocess: spec, maxImages: count, floorDb: DEFAULT_LAYER_SQNR_FLOOR_DB, threads: params.threads },
      ctx,
    );
  } catch (error) {
    if (error instanceof ParityError && error.code === 'CANCELLED') throw error;
    ctx.log('warn', `layerwise error left out of the report: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
