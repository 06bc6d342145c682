/** The input used for the final check and timing of a variant when no calibration image is at hand. */
import type { ConversionOptions } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { tensorDims, type PreprocessSpec } from '../../../shared/preprocess.js';
import { decodeFitted, listImages, resolvePreprocessSpec, toTensor } from '../images/index.js';
import { readModel, signatureOf, type LoadedModel } from '../onnx/index.js';
import type { TimingInput } from './verify-variant.js';

/** The model's single image input; UNSUPPORTED for models with several inputs. */
export function imageInput(model: LoadedModel): ReturnType<typeof signatureOf> {
  const graph = model.proto.graph!;
  const inits = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((i) => !inits.has(i.name));
  if (inputs.length !== 1) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ') || 'none'}); calibration and bundles feed one image input.`,
      'Export the model with a single image input (fold constant inputs into the graph).',
    );
  }
  return signatureOf(inputs[0]!);
}

/** A mid-grey image through the preprocessing spec, when the spec can be resolved without images. */
export function greyInput(model: LoadedModel, options: ConversionOptions): TimingInput | null {
  let spec: PreprocessSpec;
  let input: ReturnType<typeof signatureOf>;
  try {
    input = imageInput(model);
    spec = resolvePreprocessSpec(options.preprocess, input);
  } catch {
    return null;
  }
  const dims = tensorDims(spec);
  const count = dims.reduce((a, b) => a * b, 1);
  const value = (128 / spec.scale - spec.mean[0]) / spec.std[0];
  const data = spec.dtype === 'uint8' ? new Uint8Array(count).fill(128) : spec.dtype === 'int8' ? new Int8Array(count) : new Float32Array(count).fill(value);
  return { name: input.name, dtype: spec.dtype, tensor: { data, dims }, description: `a mid-grey ${spec.width}×${spec.height} image (no images were given)` };
}

/**
 * The first readable image of `options.calib`, preprocessed as the model sees it: recipes without calibration time
 * and check their variant on a real image when one is at hand (the app passes the project's images), not grey.
 */
export async function firstImageInput(modelPath: string, options: ConversionOptions): Promise<TimingInput | null> {
  if (!options.calib) return null;
  let spec: PreprocessSpec;
  let input: ReturnType<typeof signatureOf>;
  try {
    input = imageInput(await readModel(modelPath));
    spec = resolvePreprocessSpec(options.preprocess, input);
  } catch {
    return null;
  }
  const listing = await listImages(options.calib, { withLabels: false, maxImages: 8 }).catch(() => null);
  for (const entry of listing?.entries ?? []) {
    const image = await decodeFitted(entry.absPath, spec).catch(() => null);
    if (!image) continue;
    const tensor = toTensor(image, spec);
    return { name: input.name, dtype: spec.dtype, tensor: { data: tensor.data, dims: tensor.dims }, description: `the first image of ${options.calib} (${entry.relPath})` };
  }
  return null;
}
