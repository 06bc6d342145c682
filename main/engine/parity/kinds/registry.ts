/**
 * The output kinds the engine evaluates, in the order they are asked to recognise an output (sequence before
 * classification: a CTC recogniser's [N, T, C] is not N·T independent classifications; generic last: it takes
 * anything; detection never recognises a tensor: a post-processing spec makes a derived detection output, see
 * planOutputs). To add a kind: an OutputKindEvaluator here, an OutputKindInfo in shared/report/output-kinds.ts,
 * its name in OutputKindSchema and its per-image fields in OutputMetricsSchema.
 */
import type { OutputKind } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { classificationKind } from './classification-kind.js';
import { denseKind } from './dense-kind.js';
import { detectionKind } from './detection-kind.js';
import { genericKind } from './generic-kind.js';
import { sequenceKind } from './sequence-kind.js';
import type { OutputKindEvaluator, OutputSample } from './output-kind.js';

const KINDS: Readonly<Record<OutputKind, OutputKindEvaluator>> = {
  detection: detectionKind,
  sequence: sequenceKind,
  classification: classificationKind,
  dense: denseKind,
  generic: genericKind,
};

/** Kinds in recognition order. */
export const RECOGNITION_ORDER: readonly OutputKindEvaluator[] = [detectionKind, sequenceKind, classificationKind, denseKind, genericKind];

/** The evaluator of `kind`. */
export function kindEvaluator(kind: OutputKind): OutputKindEvaluator {
  return KINDS[kind];
}

/** The kind of an output and its kind fields, from the reference's first image. */
export function recogniseOutput(sample: OutputSample): Pick<OutputDescription, 'kind' | 'classes' | 'logits'> {
  for (const evaluator of RECOGNITION_ORDER) {
    const fields = evaluator.recognise(sample);
    if (fields) return { kind: evaluator.kind, ...fields };
  }
  return { kind: 'generic' };
}
