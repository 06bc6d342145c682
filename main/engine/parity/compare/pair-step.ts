/**
 * The body of every comparison loop, clean or perturbed: an image at the model's size becomes the input tensor,
 * both models run on it, and the evaluator measures every output.
 */
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { toTensor, type ImageTensor, type RgbImage } from '../../images/index.js';
import type { ImageEvaluation, ImageFacts, PairEvaluator } from '../evaluate/pair-evaluator.js';
import type { FeedKey } from '../pair/model-side.js';
import type { ModelPair, PairRun } from '../pair/model-pair.js';

export interface PairStepInput {
  spec: PreprocessSpec;
  key: FeedKey;
  /** Index of the image's true class in the labels, null when unknown. */
  label: number | null;
  /** Where the image sits in the input and its truth boxes (detections need them); null when not a detection run. */
  facts: ImageFacts | null;
  /** The whole decoded image, for a side that preprocesses it itself; absent, such a side gets `image`. */
  decoded?: RgbImage | undefined;
  /** A tensor buffer to fill instead of allocating one (the previous step's `tensor.data`). */
  buffer?: Float32Array | Uint8Array | Int8Array | undefined;
}

export interface PairStep {
  evaluation: ImageEvaluation;
  /** Both models' outputs (further candidates are measured against the same reference outputs). */
  run: PairRun;
  tensor: ImageTensor;
  tensorMs: number;
  referenceMs: number;
  candidateMs: number;
  metricsMs: number;
}

/**
 * Runs one image through both models of `pair` and into the evaluator `evaluatorFor` gives for this run (the
 * clean pass makes its evaluator from the first image's outputs, which decide how each output is compared).
 */
export async function runPairStep(
  pair: ModelPair,
  evaluatorFor: (run: PairRun) => PairEvaluator,
  image: RgbImage,
  input: PairStepInput,
): Promise<PairStep> {
  const t0 = performance.now();
  const tensor = toTensor(image, input.spec, input.buffer);
  const t1 = performance.now();
  const run = await pair.run({ data: tensor.data, dims: tensor.dims, dtype: input.spec.dtype }, input.key, input.decoded ?? image);
  const t2 = performance.now();
  const evaluation = evaluatorFor(run).add(run.reference, run.candidate, input.label, input.facts);
  return {
    evaluation,
    run,
    tensor,
    tensorMs: t1 - t0,
    referenceMs: run.referenceMs,
    candidateMs: run.candidateMs,
    metricsMs: performance.now() - t2,
  };
}
