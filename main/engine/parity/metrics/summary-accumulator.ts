/**
 * Aggregates per-image output metrics into SummaryMetrics, overall and per output, in memory that does not grow
 * with the number of images (running sums and maxima, and one fixed-size |Δ| histogram per output).
 */
import type { OutputKind, OutputMetrics, SummaryMetrics } from '../../../../shared/report/metrics.js';
import { z } from 'zod';
import { AbsDiffHistogram } from './abs-diff-histogram.js';

/** Whether each model's prediction on an image matched its label. */
export interface LabelOutcome {
  reference: boolean;
  candidate: boolean;
}

/** The run's summary overall and per output (the report's `summary.clean` and `summary.perOutput`). */
export interface RunSummary {
  overall: SummaryMetrics;
  perOutput: { output: string; metrics: SummaryMetrics }[];
}

/** Running sum and count for a mean over images. */
class Mean {
  private sum = 0;
  private count = 0;
  add(value: number): void {
    this.sum += value;
    this.count++;
  }
  /** The mean, or null when nothing was added. */
  value(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }
  toState(): [number, number] {
    return [this.sum, this.count];
  }
  restore([sum, count]: readonly [number, number]): void {
    this.sum = sum;
    this.count = count;
  }
}

const MEAN_FIELDS = ['meanAbs', 'top1', 'top5', 'meanProbDiff', 'kl', 'js', 'cosine', 'confidence', 'iou', 'dice', 'psnr'] as const;
const COUNT_FIELDS = ['histogramSeen', 'images', 'allcloseImages', 'maxAbs', 'maxRel', 'nan', 'inf'] as const;

const OutputAggregateStateSchema = z.object({
  name: z.string(),
  kind: z.enum(['classification', 'dense', 'generic']),
  histogram: z.object({
    buckets: z.array(z.tuple([z.number(), z.number()])),
    total: z.number(),
    smallest: z.number().nullable(),
    largest: z.number().nullable(),
  }),
  counts: z.record(z.string(), z.number()),
  maxProbDiff: z.number().nullable(),
  means: z.record(z.string(), z.tuple([z.number(), z.number()])),
});

/** A SummaryAccumulator as JSON: what a checkpoint stores so that a resumed run ends with the same figures. */
export const SummaryAccumulatorStateSchema = z.object({
  outputs: z.array(OutputAggregateStateSchema),
  images: z.number(),
  allcloseImages: z.number(),
  meanAbs: z.tuple([z.number(), z.number()]),
  labelled: z.number(),
  referenceCorrect: z.number(),
  candidateCorrect: z.number(),
});
export type SummaryAccumulatorState = z.infer<typeof SummaryAccumulatorStateSchema>;

class OutputAggregate {
  readonly histogram = new AbsDiffHistogram();
  histogramSeen = 0;
  images = 0;
  allcloseImages = 0;
  readonly meanAbs = new Mean();
  maxAbs = 0;
  maxRel = 0;
  nan = 0;
  inf = 0;
  readonly top1 = new Mean();
  readonly top5 = new Mean();
  readonly meanProbDiff = new Mean();
  maxProbDiff: number | null = null;
  readonly kl = new Mean();
  readonly js = new Mean();
  readonly cosine = new Mean();
  readonly confidence = new Mean();
  readonly iou = new Mean();
  readonly dice = new Mean();
  /** Images whose maps were identical have no finite PSNR and are left out of this mean. */
  readonly psnr = new Mean();

  constructor(
    readonly name: string,
    readonly kind: OutputKind,
  ) {}

  toState(): z.infer<typeof OutputAggregateStateSchema> {
    const counts: Record<string, number> = {};
    for (const f of COUNT_FIELDS) counts[f] = this[f];
    const means: Record<string, [number, number]> = {};
    for (const f of MEAN_FIELDS) means[f] = this[f].toState();
    return { name: this.name, kind: this.kind, histogram: this.histogram.toState(), counts, maxProbDiff: this.maxProbDiff, means };
  }

  static fromState(state: z.infer<typeof OutputAggregateStateSchema>): OutputAggregate {
    const a = new OutputAggregate(state.name, state.kind);
    a.histogram.restore(state.histogram);
    for (const f of COUNT_FIELDS) a[f] = state.counts[f] ?? 0;
    for (const f of MEAN_FIELDS) {
      const mean = state.means[f];
      if (mean) a[f].restore(mean);
    }
    a.maxProbDiff = state.maxProbDiff;
    return a;
  }

  add(m: OutputMetrics): void {
    const e = m.errors;
    this.images++;
    if (e.allclose) this.allcloseImages++;
    this.meanAbs.add(e.meanAbs);
    this.maxAbs = Math.max(this.maxAbs, e.maxAbs);
    this.maxRel = Math.max(this.maxRel, e.maxRel);
    this.nan += e.nanCount.reference + e.nanCount.candidate;
    this.inf += e.infCount.reference + e.infCount.candidate;
    const c = m.classification;
    if (c) {
      this.top1.add(c.top1Agreement);
      this.top5.add(c.top5Overlap);
      this.meanProbDiff.add(c.meanProbDiff);
      this.maxProbDiff = Math.max(this.maxProbDiff ?? 0, c.maxProbDiff);
      this.kl.add(c.klDivergence);
      this.js.add(c.jsDivergence);
      this.cosine.add(c.cosine);
      this.confidence.add(c.confidenceDelta);
    }
    const d = m.dense;
    if (d) {
      this.iou.add(d.iou);
      this.dice.add(d.dice);
      if (d.psnr !== null) this.psnr.add(d.psnr);
    }
  }
}

/**
 * Usage per image: pass `diffHistogram(name)` as the `histogram` option of errorStats/compareOutput for every
 * output, then `add(outputs, labels)`. Summary figures are means over images of the per-image figures, except
 * maxProbDiff/maxAbsDiff/maxRelDiff (max of maxes), errorP* (quantiles of every finite |Δ| of every image,
 * within 1 % — see AbsDiffHistogram), nanCount/infCount (totals over both models), allcloseRate (share of images
 * on which every output is allclose) and accuracy (share of labelled images each model got right).
 */
export class SummaryAccumulator {
  private readonly outputs = new Map<string, OutputAggregate>();
  private images = 0;
  private allcloseImages = 0;
  private readonly meanAbs = new Mean();
  private labelled = 0;
  private referenceCorrect = 0;
  private candidateCorrect = 0;

  /** `outputNames` (optional) fixes the order of perOutput; outputs are otherwise listed as first seen. */
  constructor(outputNames: readonly string[] = []) {
    for (const name of outputNames) this.aggregate(name, 'generic');
  }

  /** Everything added so far, as JSON (see SummaryAccumulatorStateSchema). */
  snapshot(): SummaryAccumulatorState {
    return {
      outputs: [...this.outputs.values()].map((a) => a.toState()),
      images: this.images,
      allcloseImages: this.allcloseImages,
      meanAbs: this.meanAbs.toState(),
      labelled: this.labelled,
      referenceCorrect: this.referenceCorrect,
      candidateCorrect: this.candidateCorrect,
    };
  }

  /** An accumulator that continues exactly where a snapshot left off. */
  static restore(raw: unknown): SummaryAccumulator {
    const state = SummaryAccumulatorStateSchema.parse(raw);
    const acc = new SummaryAccumulator();
    for (const output of state.outputs) acc.outputs.set(output.name, OutputAggregate.fromState(output));
    acc.images = state.images;
    acc.allcloseImages = state.allcloseImages;
    acc.meanAbs.restore(state.meanAbs);
    acc.labelled = state.labelled;
    acc.referenceCorrect = state.referenceCorrect;
    acc.candidateCorrect = state.candidateCorrect;
    return acc;
  }

  /** Number of images added. */
  get imageCount(): number {
    return this.images;
  }

  /** The |Δ| histogram errorStats must feed for `output` on each image. */
  diffHistogram(output: string): AbsDiffHistogram {
    return this.aggregate(output, 'generic').histogram;
  }

  /** Adds one image's metrics (every output) and, when the image has a label, whether each model got it right. */
  add(outputs: readonly OutputMetrics[], labels: LabelOutcome | null = null): void {
    let weightedAbs = 0;
    let weight = 0;
    let allclose = true;
    for (const m of outputs) {
      const aggregate = this.aggregate(m.output, m.kind);
      this.checkHistogramFed(aggregate, m);
      aggregate.add(m);
      weightedAbs += m.errors.meanAbs * m.errors.elementCount;
      weight += m.errors.elementCount;
      if (!m.errors.allclose) allclose = false;
    }
    this.images++;
    if (allclose) this.allcloseImages++;
    // Per image, the mean |Δ| over all elements of all outputs (NaN/Inf pairs are too few to matter as weight).
    this.meanAbs.add(weight === 0 ? 0 : weightedAbs / weight);
    if (labels) {
      this.labelled++;
      if (labels.reference) this.referenceCorrect++;
      if (labels.candidate) this.candidateCorrect++;
    }
  }

  /** The summary overall and per output. */
  summary(): RunSummary {
    return { overall: this.overall(), perOutput: this.perOutput() };
  }

  /** Overall figures: classification keys from the first classification output, dense keys from the first dense one. */
  overall(): SummaryMetrics {
    const all = [...this.outputs.values()].filter((a) => a.images > 0);
    const classifier = all.find((a) => a.kind === 'classification');
    const dense = all.find((a) => a.kind === 'dense');
    const histogram = new AbsDiffHistogram();
    for (const a of all) histogram.merge(a.histogram);
    return {
      images: this.images,
      ...classificationKeys(classifier),
      ...denseKeys(dense),
      meanAbsDiff: this.meanAbs.value() ?? 0,
      maxAbsDiff: all.reduce((m, a) => Math.max(m, a.maxAbs), 0),
      maxRelDiff: all.reduce((m, a) => Math.max(m, a.maxRel), 0),
      ...quantileKeys(histogram),
      allcloseRate: this.images === 0 ? 0 : this.allcloseImages / this.images,
      nanCount: all.reduce((s, a) => s + a.nan, 0),
      infCount: all.reduce((s, a) => s + a.inf, 0),
      accuracy: this.accuracy(),
    };
  }

  /** One summary per output, in the order outputs were first seen; accuracy sits with the first classification output. */
  perOutput(): { output: string; metrics: SummaryMetrics }[] {
    const all = [...this.outputs.values()].filter((a) => a.images > 0);
    const classifier = all.find((a) => a.kind === 'classification');
    return all.map((a) => ({
      output: a.name,
      metrics: {
        images: a.images,
        ...classificationKeys(a.kind === 'classification' ? a : undefined),
        ...denseKeys(a.kind === 'dense' ? a : undefined),
        meanAbsDiff: a.meanAbs.value() ?? 0,
        maxAbsDiff: a.maxAbs,
        maxRelDiff: a.maxRel,
        ...quantileKeys(a.histogram),
        allcloseRate: a.allcloseImages / a.images,
        nanCount: a.nan,
        infCount: a.inf,
        accuracy: a === classifier ? this.accuracy() : null,
      },
    }));
  }

  private accuracy(): SummaryMetrics['accuracy'] {
    if (this.labelled === 0) return null;
    const reference = this.referenceCorrect / this.labelled;
    const candidate = this.candidateCorrect / this.labelled;
    return { reference, candidate, delta: candidate - reference };
  }

  private aggregate(name: string, kind: OutputKind): OutputAggregate {
    let aggregate = this.outputs.get(name);
    if (!aggregate) {
      aggregate = new OutputAggregate(name, kind);
      this.outputs.set(name, aggregate);
    } else if (aggregate.images === 0 && aggregate.kind !== kind) {
      // Created by diffHistogram() before the kind was known.
      const replacement = new OutputAggregate(name, kind);
      replacement.histogram.merge(aggregate.histogram);
      aggregate = replacement;
      this.outputs.set(name, aggregate);
    }
    return aggregate;
  }

  /**
   * The histogram must have received this image's finite |Δ| values, else the run's quantiles would silently
   * be wrong: their number lies between elementCount minus all NaN/Inf counts and elementCount minus the larger
   * model's NaN/Inf count.
   */
  private checkHistogramFed(aggregate: OutputAggregate, m: OutputMetrics): void {
    const fed = aggregate.histogram.count - aggregate.histogramSeen;
    aggregate.histogramSeen = aggregate.histogram.count;
    const e = m.errors;
    const refBad = e.nanCount.reference + e.infCount.reference;
    const candBad = e.nanCount.candidate + e.infCount.candidate;
    const most = e.elementCount - Math.max(refBad, candBad);
    const least = e.elementCount - refBad - candBad;
    if (fed < least || fed > most) {
      throw new Error(
        `SummaryAccumulator: output "${m.output}" fed ${fed} |Δ| values to its histogram, expected ${least}..${most}: ` +
          'pass acc.diffHistogram(output) as the histogram option of errorStats/compareOutput.',
      );
    }
  }
}

type ClassificationKeys = Pick<
  SummaryMetrics,
  | 'top1Agreement'
  | 'top5Overlap'
  | 'meanProbDiff'
  | 'maxProbDiff'
  | 'klDivergence'
  | 'jsDivergence'
  | 'cosine'
  | 'confidenceDelta'
>;

function classificationKeys(a: OutputAggregate | undefined): ClassificationKeys {
  return {
    top1Agreement: a?.top1.value() ?? null,
    top5Overlap: a?.top5.value() ?? null,
    meanProbDiff: a?.meanProbDiff.value() ?? null,
    maxProbDiff: a?.maxProbDiff ?? null,
    klDivergence: a?.kl.value() ?? null,
    jsDivergence: a?.js.value() ?? null,
    cosine: a?.cosine.value() ?? null,
    confidenceDelta: a?.confidence.value() ?? null,
  };
}

function denseKeys(a: OutputAggregate | undefined): Pick<SummaryMetrics, 'iou' | 'dice' | 'psnr'> {
  return { iou: a?.iou.value() ?? null, dice: a?.dice.value() ?? null, psnr: a?.psnr.value() ?? null };
}

function quantileKeys(h: AbsDiffHistogram): Pick<SummaryMetrics, 'errorP50' | 'errorP90' | 'errorP99' | 'errorP999'> {
  return {
    errorP50: h.quantile(0.5),
    errorP90: h.quantile(0.9),
    errorP99: h.quantile(0.99),
    errorP999: h.quantile(0.999),
  };
}
