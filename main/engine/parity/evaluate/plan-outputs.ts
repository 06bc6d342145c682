/** Decides, on the reference's first image, how each output is compared for the whole run. */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import { postprocessSources, resolvePostprocess, type ResolvedPostprocess } from '../../../../shared/postprocess.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import type { OutputTensors } from '../kinds/output-kind.js';
import { recogniseOutput } from '../kinds/registry.js';

/** The output `name` of one model's results, or MODEL_MISMATCH when it did not produce it. */
export function outputOf<T>(results: Readonly<Record<string, T>>, name: string, model: 'reference' | 'candidate'): T {
  const out = results[name];
  if (!out) throw new ParityError('MODEL_MISMATCH', `The ${model} model did not produce output "${name}".`);
  return out;
}

/** Name of the derived output that holds a detector's detections. */
export const DETECTIONS_OUTPUT = 'detections';

/**
 * Each output's kind (and its kind fields: class count, logits) and tolerance, from the reference's first image;
 * the decision then holds for the whole run so that every image is measured the same way. With a post-processing
 * spec, the outputs it reads are compared as tensors only (generic) and a derived `detections` output is added,
 * compared as detections.
 */
export function planOutputs(
  signatures: readonly TensorSignature[],
  firstReference: OutputTensors,
  params: Pick<CompareOptions, 'tolerance' | 'outputTolerances' | 'postprocess'>,
): OutputDescription[] {
  const detection = params.postprocess ? detectionPlan(params.postprocess, signatures, params.tolerance) : null;
  const claimed = new Set(detection?.sources ?? []);
  const plan = signatures.map((signature) => {
    const out = outputOf(firstReference, signature.name, 'reference');
    const recognised = claimed.has(signature.name) ? { kind: 'generic' as const } : recogniseOutput({ signature, dims: out.dims, values: out.data });
    const description: OutputDescription = {
      name: signature.name,
      kind: recognised.kind,
      tolerance: params.outputTolerances[signature.name] ?? params.tolerance,
    };
    if ('classes' in recognised && recognised.classes !== undefined) description.classes = recognised.classes;
    if ('logits' in recognised && recognised.logits !== undefined) description.logits = recognised.logits;
    return description;
  });
  return detection ? [...plan, detection] : plan;
}

/** The derived detection output of a spec, checked against the model's outputs. */
function detectionPlan(spec: NonNullable<CompareOptions['postprocess']>, signatures: readonly TensorSignature[], tolerance: CompareOptions['tolerance']): OutputDescription {
  const names = signatures.map((s) => s.name);
  const postprocess: ResolvedPostprocess = resolvePostprocess(spec);
  if (postprocess.kind === 'yolo' && postprocess.output === undefined) {
    if (names.length !== 1) {
      throw new ParityError('BAD_OPTION', `The model has ${names.length} outputs (${names.join(', ')}); say which one is the YOLO head with "output".`, 'Add "output": "<name>" to the --postprocess spec.');
    }
    postprocess.output = names[0]!;
  }
  const sources = postprocessSources(postprocess, names);
  const missing = sources.filter((s) => !names.includes(s));
  if (missing.length > 0) {
    throw new ParityError(
      'BAD_OPTION',
      `The post-processing spec reads ${missing.map((m) => `"${m}"`).join(', ')}, which the model does not output.`,
      `The model's outputs: ${names.join(', ')}.`,
    );
  }
  const name = names.includes(DETECTIONS_OUTPUT) ? `${DETECTIONS_OUTPUT} (post-processed)` : DETECTIONS_OUTPUT;
  return { name, kind: 'detection', tolerance, sources, postprocess };
}
