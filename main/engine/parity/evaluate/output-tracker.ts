/**
 * One output of a run: measures it on each image (error statistics with its tolerance, plus its kind's metrics)
 * and aggregates what it measured — in one step, so the run-wide |Δ| histogram always holds exactly the values
 * of the images added.
 */
import { z } from 'zod';
import { ParityError } from '../../../../shared/errors.js';
import type { OutputMetrics, SummaryMetrics, TopKEntry } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { AbsDiffHistogram } from '../metrics/abs-diff-histogram.js';
import { errorStats } from '../metrics/error-stats.js';
import { RunningMean, RunningMeanStateSchema } from '../metrics/running-mean.js';
import { kindEvaluator } from '../kinds/registry.js';
import type { ImageFacts, KindAggregate, KindOptions, OutputKindEvaluator, OutputTensors } from '../kinds/output-kind.js';
import { outputOf } from './plan-outputs.js';

const CountsSchema = z.object({
  images: z.number(),
  allcloseImages: z.number(),
  maxAbs: z.number(),
  maxRel: z.number(),
  nan: z.number(),
  inf: z.number(),
});

export const OutputTrackerStateSchema = z.object({
  name: z.string(),
  kind: z.string(),
  histogram: z.object({
    buckets: z.array(z.tuple([z.number(), z.number()])),
    total: z.number(),
    smallest: z.number().nullable(),
    largest: z.number().nullable(),
  }),
  counts: CountsSchema,
  meanAbs: RunningMeanStateSchema,
  kindState: z.record(z.string(), z.unknown()),
});
export type OutputTrackerState = z.infer<typeof OutputTrackerStateSchema>;

const EMPTY = new Float32Array(0);

export interface OutputMeasurement {
  metrics: OutputMetrics;
  topK?: { reference: TopKEntry[]; candidate: TopKEntry[] };
}

export class OutputTracker {
  readonly histogram = new AbsDiffHistogram();
  private counts: z.infer<typeof CountsSchema> = { images: 0, allcloseImages: 0, maxAbs: 0, maxRel: 0, nan: 0, inf: 0 };
  private readonly meanAbs = new RunningMean();
  private readonly evaluator: OutputKindEvaluator;
  private readonly kindAggregate: KindAggregate;

  constructor(readonly description: OutputDescription) {
    this.evaluator = kindEvaluator(description.kind);
    this.kindAggregate = this.evaluator.aggregate();
  }

  get images(): number {
    return this.counts.images;
  }

  /**
   * Compares the two models' values of this output on one image and adds the result to the run's aggregate. A
   * derived output (with `sources`) is measured by its kind alone; its sources carry the error statistics.
   */
  measure(reference: OutputTensors, candidate: OutputTensors, options: KindOptions, image: ImageFacts | null): OutputMeasurement {
    const d = this.description;
    const outputs = { reference, candidate };
    if (d.sources) {
      const kind = this.evaluator.compare({ reference: EMPTY, candidate: EMPTY, dims: [], outputs, image }, d, options);
      const metrics: OutputMetrics = { output: d.name, kind: d.kind, ...kind.fields };
      this.counts.images++;
      this.kindAggregate.add(metrics);
      return { metrics };
    }
    const ref = outputOf(reference, d.name, 'reference');
    const cand = outputOf(candidate, d.name, 'candidate');
    if (ref.data.length !== cand.data.length) {
      throw new ParityError(
        'MODEL_MISMATCH',
        `Output "${d.name}" has shape [${ref.dims.join(', ')}] from the reference but [${cand.dims.join(', ')}] from the candidate on the same input.`,
      );
    }
    const errors = errorStats(ref.data, cand.data, { ...d.tolerance, histogram: this.histogram });
    const kind = this.evaluator.compare({ reference: ref.data, candidate: cand.data, dims: ref.dims, outputs, image }, d, options);
    const metrics: OutputMetrics = { output: d.name, kind: d.kind, errors, ...kind.fields };
    const c = this.counts;
    c.images++;
    if (errors.allclose) c.allcloseImages++;
    this.meanAbs.add(errors.meanAbs);
    c.maxAbs = Math.max(c.maxAbs, errors.maxAbs);
    c.maxRel = Math.max(c.maxRel, errors.maxRel);
    c.nan += errors.nanCount.reference + errors.nanCount.candidate;
    c.inf += errors.infCount.reference + errors.infCount.candidate;
    this.kindAggregate.add(metrics);
    return kind.topK ? { metrics, topK: kind.topK } : { metrics };
  }

  /** This output's disagreement on an image, by its kind (null when its kind has no such figure). */
  disagreement(metrics: OutputMetrics): number | null {
    return this.evaluator.disagreement(metrics);
  }

  /** The kind's summary keys from this output. */
  kindSummary(): Partial<SummaryMetrics> {
    return this.kindAggregate.summary();
  }

  /** This output's error figures over the run. */
  errorSummary(): Pick<SummaryMetrics, 'meanAbsDiff' | 'maxAbsDiff' | 'maxRelDiff' | 'allcloseRate' | 'nanCount' | 'infCount'> {
    const c = this.counts;
    return {
      meanAbsDiff: this.meanAbs.value() ?? 0,
      maxAbsDiff: c.maxAbs,
      maxRelDiff: c.maxRel,
      allcloseRate: c.images === 0 ? 0 : c.allcloseImages / c.images,
      nanCount: c.nan,
      infCount: c.inf,
    };
  }

  /** Everything aggregated so far, as JSON. */
  toState(): OutputTrackerState {
    return {
      name: this.description.name,
      kind: this.description.kind,
      histogram: this.histogram.toState(),
      counts: { ...this.counts },
      meanAbs: this.meanAbs.toState(),
      kindState: this.kindAggregate.toState(),
    };
  }

  /** Continues from a state of the same output (same name and kind). */
  restore(state: OutputTrackerState): void {
    if (state.name !== this.description.name || state.kind !== this.description.kind) {
      throw new Error(`checkpoint: output ${state.name} (${state.kind}) does not match ${this.description.name} (${this.description.kind})`);
    }
    this.histogram.restore(state.histogram);
    this.counts = { ...state.counts };
    this.meanAbs.restore(state.meanAbs);
    this.kindAggregate.restore(state.kindState);
  }

  /** Adds another tracker of the same output, as if its images had been measured here. */
  merge(other: OutputTracker): void {
    this.histogram.merge(other.histogram);
    const c = this.counts;
    const o = other.counts;
    c.images += o.images;
    c.allcloseImages += o.allcloseImages;
    c.maxAbs = Math.max(c.maxAbs, o.maxAbs);
    c.maxRel = Math.max(c.maxRel, o.maxRel);
    c.nan += o.nan;
    c.inf += o.inf;
    this.meanAbs.merge(other.meanAbs);
    this.kindAggregate.merge(other.kindAggregate);
  }
}
