/** Per-image evaluation: every output of both models compared, top-k for the gallery, label correctness. */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { OutputMetrics, TopKEntry } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { ParityError } from '../../../../shared/errors.js';
import type { TensorOutput } from '../../infer/model-session.js';
import { compareOutput, detectOutputKind, disagreementScore, type LabelOutcome, type SummaryAccumulator } from '../metrics/index.js';

function outputOf(results: Record<string, TensorOutput>, name: string, model: string): TensorOutput {
  const out = results[name];
  if (!out) throw new ParityError('MODEL_MISMATCH', `The ${model} model did not produce output "${name}".`);
  return out;
}

/**
 * Decides each output's kind, class count and logits-vs-probabilities from the reference's first image; the
 * decision then holds for the whole run so that every image is measured the same way.
 */
export function planOutputs(
  signatures: readonly TensorSignature[],
  firstReference: Record<string, TensorOutput>,
  params: Pick<CompareOptions, 'tolerance' | 'outputTolerances'>,
): OutputDescription[] {
  return signatures.map((signature) => {
    const out = outputOf(firstReference, signature.name, 'reference');
    const detected = detectOutputKind(signature, out.dims, out.data);
    const description: OutputDescription = {
      name: signature.name,
      kind: detected.kind,
      tolerance: params.outputTolerances[signature.name] ?? params.tolerance,
    };
    if (detected.classes !== undefined) description.classes = detected.classes;
    if (detected.logits !== undefined) description.logits = detected.logits;
    return description;
  });
}

export interface ImageEvaluation {
  outputs: OutputMetrics[];
  referenceTopK: TopKEntry[];
  candidateTopK: TopKEntry[];
  disagreement: number;
  correctness: LabelOutcome | null;
}

export interface EvaluateOptions {
  threshold: number;
  topK: number;
  classes: readonly string[] | null;
  /** Index of the image's true class in `classes`, when labels are known. */
  labelIndex: number | null;
  accumulator: SummaryAccumulator;
}

function named(entries: TopKEntry[], classes: readonly string[] | null, classCount: number | undefined): TopKEntry[] {
  if (!classes || classes.length !== classCount) return entries;
  return entries.map((e) => ({ ...e, ...(classes[e.index] !== undefined ? { label: classes[e.index] } : {}) }));
}

export function evaluateImage(
  plan: readonly OutputDescription[],
  reference: Record<string, TensorOutput>,
  candidate: Record<string, TensorOutput>,
  options: EvaluateOptions,
): ImageEvaluation {
  const outputs: OutputMetrics[] = [];
  let referenceTopK: TopKEntry[] = [];
  let candidateTopK: TopKEntry[] = [];
  let correctness: LabelOutcome | null = null;
  let firstClassification = true;
  for (const description of plan) {
    const ref = outputOf(reference, description.name, 'reference');
    const cand = outputOf(candidate, description.name, 'candidate');
    if (ref.data.length !== cand.data.length) {
      throw new ParityError(
        'MODEL_MISMATCH',
        `Output "${description.name}" has shape [${ref.dims.join(', ')}] from the reference but [${cand.dims.join(', ')}] from the candidate on the same input.`,
      );
    }
    const comparison = compareOutput(ref.data, cand.data, ref.dims, description, {
      threshold: options.threshold,
      topK: options.topK,
      histogram: options.accumulator.diffHistogram(description.name),
    });
    outputs.push(comparison.metrics);
    if (description.kind === 'classification' && firstClassification && comparison.topK) {
      firstClassification = false;
      referenceTopK = named(comparison.topK.reference, options.classes, description.classes);
      candidateTopK = named(comparison.topK.candidate, options.classes, description.classes);
      const singleRow = ref.data.length === description.classes;
      if (options.labelIndex !== null && options.labelIndex >= 0 && singleRow) {
        correctness = {
          reference: referenceTopK[0]?.index === options.labelIndex,
          candidate: candidateTopK[0]?.index === options.labelIndex,
        };
      }
    }
  }
  return { outputs, referenceTopK, candidateTopK, disagreement: disagreementScore(outputs), correctness };
}
