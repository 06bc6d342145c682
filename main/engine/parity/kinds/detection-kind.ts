/**
 * Detectors, compared as detections: both models' outputs post-processed by the run's spec into boxes, scores and
 * classes, matched with the reference's boxes as pseudo ground truth. A detection output is derived: it reads the
 * spec's model outputs (which are also compared as tensors, as generic outputs) and has no error statistics itself.
 */
import { z } from 'zod';
import type { DetectionSummary } from '../../../../shared/report/detection.js';
import type { OutputMetrics, SummaryMetrics } from '../../../../shared/report/metrics.js';
import { ApAccumulator } from '../detection/coco-ap.js';
import { iou } from '../detection/boxes.js';
import { compareDetections } from '../detection/compare-detections.js';
import { detect } from '../detection/detect.js';
import type { ResolvedPostprocess } from '../../../../shared/postprocess.js';
import { sameAggregate } from './mean-aggregate.js';
import type { KindAggregate, KindState, OutputKindEvaluator } from './output-kind.js';

const CountsSchema = z.object({
  images: z.number().int(),
  referenceBoxes: z.number().int(),
  candidateBoxes: z.number().int(),
  truePositives: z.number().int(),
  matched: z.number().int(),
  sameClass: z.number().int(),
  absCountDelta: z.number().int(),
});
type Counts = z.infer<typeof CountsSchema>;

const StateSchema = z.object({
  counts: CountsSchema,
  matchedIous: z.array(z.number()),
  ap: z.unknown(),
  truth: z.object({ source: z.enum(['boxes', 'clean reference']), reference: z.unknown(), candidate: z.unknown() }).nullable(),
});

const ZERO: Counts = { images: 0, referenceBoxes: 0, candidateBoxes: 0, truePositives: 0, matched: 0, sameClass: 0, absCountDelta: 0 };

/**
 * Counts and lists only, so that a checkpoint restores it and a merge of shards (in image order) equals one run
 * exactly: the matched IoUs are kept as a list and summed in sorted order.
 */
class DetectionAggregate implements KindAggregate {
  private counts: Counts = { ...ZERO };
  private matchedIous: number[] = [];
  private ap = new ApAccumulator();
  private truth: { source: 'boxes' | 'clean reference'; reference: ApAccumulator; candidate: ApAccumulator } | null = null;

  add(metrics: OutputMetrics): void {
    const d = metrics.detection;
    if (!d) return;
    const c = this.counts;
    c.images++;
    c.referenceBoxes += d.referenceCount;
    c.candidateBoxes += d.candidateCount;
    c.truePositives += d.truePositives;
    c.matched += d.matched;
    c.absCountDelta += Math.abs(d.countDelta);
    for (const box of d.candidate) {
      if (box.match === null) continue;
      const ref = d.reference[box.match]!;
      this.matchedIous.push(iou(box.box, ref.box));
      if (ref.class === box.class) c.sameClass++;
    }
    this.ap.addImage(d.candidate, d.reference);
    if (d.truth && d.truthSource) {
      this.truth ??= { source: d.truthSource, reference: new ApAccumulator(), candidate: new ApAccumulator() };
      this.truth.reference.addImage(d.reference, d.truth);
      this.truth.candidate.addImage(d.candidate, d.truth);
    }
  }

  summary(): Partial<SummaryMetrics> {
    const c = this.counts;
    if (c.images === 0) return { detection: null };
    const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
    const sortedSum = [...this.matchedIous].sort((a, b) => a - b).reduce((s, v) => s + v, 0);
    const detection: DetectionSummary = {
      map50: this.ap.map50(),
      map50_95: this.ap.map50to95(),
      precision: ratio(c.truePositives, c.candidateBoxes),
      recall: ratio(c.truePositives, c.referenceBoxes),
      matchedIou: ratio(sortedSum, this.matchedIous.length),
      classAgreement: ratio(c.sameClass, c.matched),
      countDelta: c.absCountDelta / c.images,
      referenceBoxes: c.referenceBoxes,
      candidateBoxes: c.candidateBoxes,
      truePositives: c.truePositives,
      matched: c.matched,
      accuracy: this.truth
        ? {
            truth: this.truth.source,
            reference: { map50: this.truth.reference.map50(), map50_95: this.truth.reference.map50to95() },
            candidate: { map50: this.truth.candidate.map50(), map50_95: this.truth.candidate.map50to95() },
          }
        : null,
    };
    return { detection };
  }

  toState(): KindState {
    return {
      counts: { ...this.counts },
      matchedIous: [...this.matchedIous],
      ap: this.ap.toState(),
      truth: this.truth ? { source: this.truth.source, reference: this.truth.reference.toState(), candidate: this.truth.candidate.toState() } : null,
    };
  }

  restore(raw: KindState): void {
    const state = StateSchema.parse(raw);
    this.counts = { ...state.counts };
    this.matchedIous = [...state.matchedIous];
    this.ap = ApAccumulator.restore(state.ap);
    this.truth = state.truth
      ? { source: state.truth.source, reference: ApAccumulator.restore(state.truth.reference), candidate: ApAccumulator.restore(state.truth.candidate) }
      : null;
  }

  merge(other: KindAggregate): void {
    const o = sameAggregate(this, other);
    for (const key of Object.keys(this.counts) as Array<keyof Counts>) this.counts[key] += o.counts[key];
    this.matchedIous.push(...o.matchedIous);
    this.ap.merge(o.ap);
    if (o.truth) {
      this.truth ??= { source: o.truth.source, reference: new ApAccumulator(), candidate: new ApAccumulator() };
      this.truth.reference.merge(o.truth.reference);
      this.truth.candidate.merge(o.truth.candidate);
    }
  }
}

export const detectionKind: OutputKindEvaluator = {
  kind: 'detection',
  // Only a post-processing spec makes an output a detection output (planOutputs); no tensor is recognised as one.
  recognise: () => null,
  compare({ outputs, image }, description) {
    const spec = description.postprocess as ResolvedPostprocess | undefined;
    if (!spec || !image) throw new Error('internal: a detection output needs its post-processing spec and the image it came from');
    const first = description.sources?.[0] ?? '';
    const reference = detect(spec, outputs.reference, image.input, image.frame, first);
    const candidate = detect(spec, outputs.candidate, image.input, image.frame, first);
    return { fields: { detection: compareDetections(reference, candidate, image.frame, image.truth) } };
  },
  disagreement: (metrics) => (metrics.detection ? detectionDisagreement(metrics) : null),
  aggregate: () => new DetectionAggregate(),
};

/** 1 − 2·ΣIoU of matched pairs of the same class ÷ (boxes of both models): 0 for the same boxes, 1 when none matches. */
function detectionDisagreement(metrics: OutputMetrics): number {
  const d = metrics.detection!;
  const total = d.referenceCount + d.candidateCount;
  if (total === 0) return 0;
  let sum = 0;
  for (const box of d.candidate) {
    const ref = box.match === null ? undefined : d.reference[box.match];
    if (ref && ref.class === box.class) sum += iou(box.box, ref.box);
  }
  return Math.max(0, 1 - (2 * sum) / total);
}
