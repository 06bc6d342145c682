/**
 * The two sides a comparison's parameters name: the reference a model file, saved outputs or an endpoint; the
 * candidate a model file (or a converted variant) or an endpoint. Checked before the run folder is touched.
 */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { EndpointSide } from './endpoint-side.js';
import { ModelPair } from './model-pair.js';
import { LocalModelSide, type ModelSide } from './model-side.js';
import { SavedOutputsSide } from './saved-outputs-side.js';

type Sides = Pick<CompareOptions, 'reference' | 'referenceOutputs' | 'referenceUrl' | 'candidate' | 'candidateRecipe' | 'candidateUrl' | 'perturb'>;

/** BAD_OPTION unless the parameters name exactly one reference and one candidate that can be compared this way. */
export function checkSides(params: Sides): void {
  const references = [params.reference !== '' && 'a reference model', params.referenceOutputs !== null && '--reference-outputs', params.referenceUrl !== null && '--reference-url'].filter(Boolean);
  if (references.length !== 1) {
    throw new ParityError(
      'BAD_OPTION',
      references.length === 0 ? 'No reference: give a reference model, --reference-outputs <dir> or --reference-url <url>.' : `Give one reference, not ${references.join(' and ')}.`,
      'e.g. parity compare model.onnx candidate.onnx --images <dir>, or --reference-url http://host:8080/v2/models/<name> candidate.onnx',
    );
  }
  const candidates = [params.candidate !== '' && 'a candidate model', params.candidateRecipe !== null && '--candidate-recipe', params.candidateUrl !== null && '--candidate-url'].filter(Boolean);
  if (candidates.length > 1) throw new ParityError('BAD_OPTION', `Give one candidate, not ${candidates.join(' and ')}.`, 'Drop one of them.');
  if (params.candidateRecipe !== null && params.reference === '') {
    throw new ParityError('BAD_OPTION', '--candidate-recipe converts the reference model file: it needs a reference model, not saved outputs or an endpoint.', 'Convert the model with parity convert and compare that file with the endpoint.');
  }
  if (params.referenceOutputs !== null && params.perturb.length > 0) {
    throw new ParityError('BAD_OPTION', 'Saved outputs hold the clean images only: --perturb cannot be used with --reference-outputs.', 'Leave out --perturb, or serve the reference model (--reference-url) to compare it under perturbations.');
  }
}

/** Whether a side of these parameters is a serving endpoint. */
export function hasEndpoint(params: Pick<CompareOptions, 'referenceUrl' | 'candidateUrl'>): boolean {
  return params.referenceUrl !== null || params.candidateUrl !== null;
}

function openReference(params: CompareOptions, signal: AbortSignal): Promise<ModelSide> {
  if (params.referenceUrl !== null) return EndpointSide.open(params.referenceUrl, params.endpoint, signal);
  if (params.referenceOutputs !== null) return SavedOutputsSide.open(params.referenceOutputs);
  return LocalModelSide.open(params.reference, params.threads);
}

function openCandidate(params: CompareOptions, signal: AbortSignal): Promise<ModelSide> {
  if (params.candidateUrl !== null) return EndpointSide.open(params.candidateUrl, params.endpoint, signal);
  return LocalModelSide.open(params.candidate, params.threads);
}

/** Opens the pair the (resolved) parameters name; `params.candidate` is a file unless candidateUrl is set. */
export function openComparedPair(params: CompareOptions, signal: AbortSignal): Promise<ModelPair> {
  return ModelPair.open(
    () => openReference(params, signal),
    () => openCandidate(params, signal),
  );
}
