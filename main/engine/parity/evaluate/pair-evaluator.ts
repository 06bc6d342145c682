/**
 * Evaluates a pair of models image by image: `add(reference, candidate, label)` compares every output of the
 * two models' results on one image by its kind, updates every aggregate of the run, and returns the image's
 * result (per-output metrics, top-k lists, disagreement score, correctness against the label). The summary, the
 * checkpoint state and the merge of two evaluators of the same plan follow from what was added.
 */
import { z } from 'zod';
import type { OutputMetrics, SummaryMetrics, TopKEntry } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { OUTPUT_KINDS, type KindSummaryKey } from '../../../../shared/report/output-kinds.js';
import { AbsDiffHistogram } from '../metrics/abs-diff-histogram.js';
import { RunningMean, RunningMeanStateSchema } from '../metrics/running-mean.js';
import type { ImageFacts, KindOptions, OutputTensors } from '../kinds/output-kind.js';
import { OutputTracker, OutputTrackerStateSchema } from './output-tracker.js';

export type { ImageFacts, OutputTensors };

/** Whether each model's prediction on an image matched its label. */
export interface LabelOutcome {
  reference: boolean;
  candidate: boolean;
}

/** One image's evaluation. */
export interface ImageEvaluation {
  outputs: OutputMetrics[];
  /** Top-k of the first classification output (empty without one), class names filled in from the labels. */
  referenceTopK: TopKEntry[];
  candidateTopK: TopKEntry[];
  /** 1 − cosine of the first classifier, else 1 − IoU of the first dense map, else the first output's max |Δ|. */
  disagreement: number;
  /** Null when the image has no label or the model no single-row classification output. */
  correctness: LabelOutcome | null;
}

/** The run's summary overall and per output (the report's `summary.clean` and `summary.perOutput`). */
export interface RunSummary {
  overall: SummaryMetrics;
  perOutput: { output: string; metrics: SummaryMetrics }[];
}

export interface EvaluatorOptions extends KindOptions {
  /** Class names of the labels file (line i = class i), to name top-k entries; null without labels. */
  classes: readonly string[] | null;
}

/** A PairEvaluator as JSON: what a checkpoint stores, what shards will merge. */
export const EvaluatorStateSchema = z.object({
  outputs: z.array(OutputTrackerStateSchema),
  images: z.number(),
  allcloseImages: z.number(),
  meanAbs: RunningMeanStateSchema,
  labelled: z.number(),
  referenceCorrect: z.number(),
  candidateCorrect: z.number(),
});
export type EvaluatorState = z.infer<typeof EvaluatorStateSchema>;

/**
 * Summary figures are means over images of the per-image figures, except maxProbDiff/maxAbsDiff/maxRelDiff (max
 * of maxes), errorP* (quantiles of every finite |Δ| of every image, within 1 % — see AbsDiffHistogram),
 * nanCount/infCount (totals over both models), allcloseRate (share of images on which every output is allclose)
 * and accuracy (share of labelled images each model got right).
 */
export class PairEvaluator {
  private readonly trackers: OutputTracker[];
  private images = 0;
  private allcloseImages = 0;
  private readonly meanAbs = new RunningMean();
  private labelled = 0;
  private referenceCorrect = 0;
  private candidateCorrect = 0;

  constructor(
    readonly plan: readonly OutputDescription[],
    private readonly options: EvaluatorOptions,
  ) {
    this.trackers = plan.map((d) => new OutputTracker(d));
  }

  /** Number of images added. */
  get imageCount(): number {
    return this.images;
  }

  /**
   * Evaluates one image: both models' outputs, `label` the index of the image's true class in the labels (null when
   * unknown), and what is known of the image (its frame in the input and its truth boxes; detections need it).
   */
  add(reference: OutputTensors, candidate: OutputTensors, label: number | null, image: ImageFacts | null = null): ImageEvaluation {
    const outputs: OutputMetrics[] = [];
    let topK: { reference: TopKEntry[]; candidate: TopKEntry[] } | null = null;
    let singleRow = false;
    let weightedAbs = 0;
    let weight = 0;
    let allclose = true;
    for (const tracker of this.trackers) {
      const d = tracker.description;
      const measured = tracker.measure(reference, candidate, this.options, image);
      outputs.push(measured.metrics);
      if (topK === null && measured.topK) {
        topK = { reference: this.named(measured.topK.reference, d.classes), candidate: this.named(measured.topK.candidate, d.classes) };
        singleRow = reference[d.name]?.data.length === d.classes;
      }
      const e = measured.metrics.errors;
      if (!e) continue;
      weightedAbs += e.meanAbs * e.elementCount;
      weight += e.elementCount;
      if (!e.allclose) allclose = false;
    }
    this.images++;
    if (allclose) this.allcloseImages++;
    // Per image, the mean |Δ| over all elements of all outputs (NaN/Inf pairs are too few to matter as weight).
    this.meanAbs.add(weight === 0 ? 0 : weightedAbs / weight);
    const correctness =
      topK !== null && singleRow && label !== null && label >= 0
        ? { reference: topK.reference[0]?.index === label, candidate: topK.candidate[0]?.index === label }
        : null;
    if (correctness) {
      this.labelled++;
      if (correctness.reference) this.referenceCorrect++;
      if (correctness.candidate) this.candidateCorrect++;
    }
    return {
      outputs,
      referenceTopK: topK?.reference ?? [],
      candidateTopK: topK?.candidate ?? [],
      disagreement: this.disagreement(outputs),
      correctness,
    };
  }

  /** The summary overall and per output. */
  summary(): RunSummary {
    return { overall: this.overall(), perOutput: this.perOutput() };
  }

  /** Everything added so far, as JSON (see EvaluatorStateSchema). */
  snapshot(): EvaluatorState {
    return {
      outputs: this.trackers.map((t) => t.toState()),
      images: this.images,
      allcloseImages: this.allcloseImages,
      meanAbs: this.meanAbs.toState(),
      labelled: this.labelled,
      referenceCorrect: this.referenceCorrect,
      candidateCorrect: this.candidateCorrect,
    };
  }

  /** An evaluator of this plan that continues exactly where a snapshot left off. */
  static restore(plan: readonly OutputDescription[], options: EvaluatorOptions, raw: unknown): PairEvaluator {
    const state = EvaluatorStateSchema.parse(raw);
    if (state.outputs.length !== plan.length) throw new Error('checkpoint: the saved outputs do not match the plan');
    const evaluator = new PairEvaluator(plan, options);
    state.outputs.forEach((s, i) => evaluator.trackers[i]!.restore(s));
    evaluator.images = state.images;
    evaluator.allcloseImages = state.allcloseImages;
    evaluator.meanAbs.restore(state.meanAbs);
    evaluator.labelled = state.labelled;
    evaluator.referenceCorrect = state.referenceCorrect;
    evaluator.candidateCorrect = state.candidateCorrect;
    return evaluator;
  }

  /** Adds another evaluator of the same plan (e.g. another shard's images), as if its images had been added here. */
  merge(other: PairEvaluator): void {
    if (other.trackers.length !== this.trackers.length || other.plan.some((d, i) => d.name !== this.plan[i]!.name || d.kind !== this.plan[i]!.kind)) {
      throw new Error('internal: merging evaluators of different output plans');
    }
    this.trackers.forEach((t, i) => t.merge(other.trackers[i]!));
    this.images += other.images;
    this.allcloseImages += other.allcloseImages;
    this.meanAbs.merge(other.meanAbs);
    this.labelled += other.labelled;
    this.referenceCorrect += other.referenceCorrect;
    this.candidateCorrect += other.candidateCorrect;
  }

  /** By the first kind (in OUTPUT_KINDS order) that has a figure on this image, else the first output's max |Δ|. */
  private disagreement(outputs: readonly OutputMetrics[]): number {
    for (const info of OUTPUT_KINDS) {
      for (let i = 0; i < outputs.length; i++) {
        if (outputs[i]!.kind !== info.kind) continue;
        const score = this.trackers[i]!.disagreement(outputs[i]!);
        if (score !== null) return score;
      }
    }
    return outputs.find((o) => o.errors)?.errors?.maxAbs ?? 0;
  }

  private named(entries: TopKEntry[], classCount: number | undefined): TopKEntry[] {
    const classes = this.options.classes;
    if (!classes || classes.length !== classCount) return entries;
    return entries.map((e) => ({ ...e, ...(classes[e.index] !== undefined ? { label: classes[e.index] } : {}) }));
  }

  /** Overall figures: each kind's keys from the run's first output of that kind, error keys from all outputs. */
  private overall(): SummaryMetrics {
    const seen = this.trackers.filter((t) => t.images > 0);
    const histogram = new AbsDiffHistogram();
    for (const t of seen) histogram.merge(t.histogram);
    const errors = seen.map((t) => t.errorSummary());
    return {
      images: this.images,
      ...this.kindKeys((kind) => seen.find((t) => t.description.kind === kind)),
      meanAbsDiff: this.meanAbs.value() ?? 0,
      maxAbsDiff: errors.reduce((m, e) => Math.max(m, e.maxAbsDiff), 0),
      maxRelDiff: errors.reduce((m, e) => Math.max(m, e.maxRelDiff), 0),
      ...quantileKeys(histogram),
      allcloseRate: this.images === 0 ? 0 : this.allcloseImages / this.images,
      nanCount: errors.reduce((s, e) => s + e.nanCount, 0),
      infCount: errors.reduce((s, e) => s + e.infCount, 0),
      accuracy: this.accuracy(),
    };
  }

  /** One summary per output that saw an image; accuracy sits with the first classification output. */
  private perOutput(): { output: string; metrics: SummaryMetrics }[] {
    const seen = this.trackers.filter((t) => t.images > 0);
    const classifier = seen.find((t) => t.description.kind === 'classification');
    return seen.map((t) => ({
      output: t.description.name,
      metrics: {
        images: t.images,
        ...this.kindKeys((kind) => (kind === t.description.kind ? t : undefined)),
        ...t.errorSummary(),
        ...quantileKeys(t.histogram),
        accuracy: t === classifier ? this.accuracy() : null,
      },
    }));
  }

  /** Every kind's summary keys: from `source(kind)` when it gives a tracker, else null. */
  private kindKeys(source: (kind: string) => OutputTracker | undefined): KindKeys {
    const keys: Partial<KindKeys> = {};
    for (const info of OUTPUT_KINDS) {
      for (const key of info.summaryKeys) keys[key] = null;
      Object.assign(keys, source(info.kind)?.kindSummary());
    }
    // Every kind key is set above as long as OUTPUT_KINDS' summaryKeys list them all (a test checks it).
    return keys as KindKeys;
  }

  private accuracy(): SummaryMetrics['accuracy'] {
    if (this.labelled === 0) return null;
    const reference = this.referenceCorrect / this.labelled;
    const candidate = this.candidateCorrect / this.labelled;
    return { reference, candidate, delta: candidate - reference };
  }
}

type KindKeys = Pick<SummaryMetrics, KindSummaryKey>;

function quantileKeys(h: AbsDiffHistogram): Pick<SummaryMetrics, 'errorP50' | 'errorP90' | 'errorP99' | 'errorP999'> {
  return { errorP50: h.quantile(0.5), errorP90: h.quantile(0.9), errorP99: h.quantile(0.99), errorP999: h.quantile(0.999) };
}
