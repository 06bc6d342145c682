/**
 * What the perturbation pass counts and aggregates, apart from pixels: one PairEvaluator per (perturbation,
 * severity), top-1 flip counts and the kept flips, the strip's image, and time spent. Plain state that a checkpoint
 * saves, a shard hands to `parity merge`, and that merges exactly; the report's `perturbations` and `robustness`
 * sections follow from it.
 */
import { z } from 'zod';
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { perturbationInfo, type PerturbationName, type Severity } from '../../../../shared/perturbations/index.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import {
  FlipExampleSchema,
  type PerturbationResult,
  type RobustnessHeadline,
  type RobustnessSummary,
  type RobustnessTiming,
} from '../../../../shared/report/robustness-section.js';
import { worstMetricLabel, worstPerturbation } from '../../../../shared/report/worst-perturbation.js';
import { compareCodePoints } from '../../images/index.js';
import { PairEvaluator, type EvaluatorOptions } from '../evaluate/pair-evaluator.js';
import { cleanErrors, corruptionErrors, meanDefined, modelErrors } from './robustness-errors.js';
import { FlipCollector } from './robustness-flips.js';

const TimingSchema = z.object({ perturbMs: z.number(), cacheReadMs: z.number(), refMs: z.number(), candMs: z.number(), metricsMs: z.number() });
type Timing = z.infer<typeof TimingSchema>;

export const RobustnessSnapshotSchema = z.object({
  /** PairEvaluator state per (perturbation, severity). */
  evaluators: z.array(z.tuple([z.string(), z.unknown()])),
  flipCounts: z.array(z.tuple([z.string(), z.number()])),
  flips: z.object({ total: z.number(), kept: z.array(z.tuple([z.string(), z.array(FlipExampleSchema)])) }),
  sample: z.string().nullable(),
  images: z.number(),
  classifies: z.boolean(),
  timing: TimingSchema,
});
export type RobustnessSnapshot = z.infer<typeof RobustnessSnapshotSchema>;

export interface Unit {
  name: PerturbationName;
  severity: Severity;
  key: string;
}

/** The (perturbation, severity) pairs of a comparison, in the order they run (and are reported). */
export function unitsOf(params: Pick<CompareOptions, 'perturb' | 'severities'>): Unit[] {
  return params.perturb.flatMap((name) => params.severities.map((severity) => ({ name, severity, key: `${name}|${severity}` })));
}

/** The report's sections of the pass, and the headline for the job result. */
export interface RobustnessSections {
  perturbations: PerturbationResult[];
  robustness: RobustnessSummary;
  headline: RobustnessHeadline;
}

export type CacheFigures = RobustnessTiming['cache'];

export class RobustnessTally {
  readonly units: Unit[];
  private readonly evaluators = new Map<string, PairEvaluator>();
  private readonly flipCounts = new Map<string, number>();
  flips = new FlipCollector();
  /** Relative path of the strip's image: the run's first image (in listing order) that went through the pass. */
  sample: string | null = null;
  images = 0;
  /** Flips need a classification output (top-1); dense and generic models have none. */
  classifies = false;
  readonly timing: Timing = { perturbMs: 0, cacheReadMs: 0, refMs: 0, candMs: 0, metricsMs: 0 };

  constructor(
    private readonly params: CompareOptions,
    private readonly plan: readonly OutputDescription[],
    private readonly options: EvaluatorOptions,
  ) {
    this.units = unitsOf(params);
  }

  /** The evaluator of one (perturbation, severity). */
  evaluatorFor(unit: Unit): PairEvaluator {
    let evaluator = this.evaluators.get(unit.key);
    if (!evaluator) {
      evaluator = new PairEvaluator(this.plan, this.options);
      this.evaluators.set(unit.key, evaluator);
    }
    return evaluator;
  }

  /** Counts a top-1 flip of one (perturbation, severity). */
  countFlip(unit: Unit): void {
    this.flipCounts.set(unit.key, (this.flipCounts.get(unit.key) ?? 0) + 1);
  }

  snapshot(): RobustnessSnapshot {
    return {
      evaluators: [...this.evaluators].map(([key, evaluator]) => [key, evaluator.snapshot()]),
      flipCounts: [...this.flipCounts],
      flips: this.flips.toState(),
      sample: this.sample,
      images: this.images,
      classifies: this.classifies,
      timing: { ...this.timing },
    };
  }

  /** A tally continuing from a snapshot made with this plan (throws on a malformed one). */
  static restore(params: CompareOptions, plan: readonly OutputDescription[], options: EvaluatorOptions, raw: unknown): RobustnessTally {
    const state = RobustnessSnapshotSchema.parse(raw);
    const tally = new RobustnessTally(params, plan, options);
    for (const [key, saved] of state.evaluators) tally.evaluators.set(key, PairEvaluator.restore(plan, options, saved));
    for (const [key, count] of state.flipCounts) tally.flipCounts.set(key, count);
    tally.flips = FlipCollector.fromState(state.flips);
    tally.sample = state.sample;
    tally.images = state.images;
    tally.classifies = state.classifies;
    Object.assign(tally.timing, state.timing);
    return tally;
  }

  /** Adds another tally of the same comparison over other images (another shard), as if its images had run here. */
  merge(other: RobustnessTally): void {
    for (const [key, evaluator] of other.evaluators) {
      const mine = this.evaluators.get(key);
      if (mine) mine.merge(evaluator);
      else this.evaluators.set(key, evaluator);
    }
    for (const [key, count] of other.flipCounts) this.flipCounts.set(key, (this.flipCounts.get(key) ?? 0) + count);
    this.flips.merge(other.flips);
    if (other.sample !== null && (this.sample === null || compareCodePoints(other.sample, this.sample) < 0)) this.sample = other.sample;
    this.images += other.images;
    this.classifies ||= other.classifies;
    for (const key of Object.keys(this.timing) as Array<keyof Timing>) this.timing[key] += other.timing[key];
  }

  /** Per (perturbation, severity) that saw an image: its summary, its top-1 error with labels, its flips. */
  private results(): PerturbationResult[] {
    return this.units.flatMap((unit) => {
      const evaluator = this.evaluators.get(unit.key);
      if (!evaluator) return [];
      const metrics = evaluator.summary().overall;
      return [
        {
          name: unit.name,
          family: perturbationInfo(unit.name).family,
          severity: unit.severity,
          metrics,
          error: errorsOf(metrics),
          ...(this.classifies ? { flips: this.flipCounts.get(unit.key) ?? 0 } : {}),
        },
      ];
    });
  }

  /** The report's `perturbations` and `robustness`, given the clean summary and the perturbation cache's counters. */
  sections(clean: SummaryMetrics, cache: CacheFigures): RobustnessSections {
    const perturbations = this.results();
    const measured = cleanErrors(clean);
    const labelled = measured !== null && perturbations.some((p) => p.error);
    const cleanError = labelled ? { reference: measured!.reference, candidate: measured!.candidate } : null;
    const perPerturbation = cleanError ? corruptionErrors(this.params.perturb, perturbations, cleanError) : [];
    const mCE = meanDefined(perPerturbation.map((p) => p.ce));
    const relativeMCE = meanDefined(perPerturbation.map((p) => p.relativeCe));
    const shown = this.flips.shown();
    const robustness: RobustnessSummary = {
      corruptionError: Object.fromEntries(perPerturbation.map((p) => [p.name, p.ce])),
      relativeCorruptionError: Object.fromEntries(perPerturbation.map((p) => [p.name, p.relativeCe])),
      mCE,
      relativeMCE,
      baseline: 'reference',
      seed: this.params.seed,
      severities: [...this.params.severities],
      labelled,
      ...(measured ? { errorMeasure: measured.measure } : {}),
      cleanError,
      perPerturbation,
      mCECount: perPerturbation.filter((p) => p.ce !== null).length,
      ...(this.classifies ? { flips: { total: this.flips.total, examples: shown.map((f) => f.example) } } : {}),
      sampleImage: this.sample,
      timing: {
        perturbMs: this.timing.perturbMs,
        cacheReadMs: this.timing.cacheReadMs,
        inferenceMs: { reference: this.timing.refMs, candidate: this.timing.candMs },
        metricsMs: this.timing.metricsMs,
        cache,
      },
    };
    const worst = worstPerturbation(perturbations);
    const lowest: RobustnessHeadline['lowestAgreement'] = worst
      ? { metric: worstMetricLabel(worst), perturbation: worst.perturbation, severity: worst.severity, value: worst.value }
      : null;
    const headline: RobustnessHeadline = {
      perturbations: this.params.perturb.length,
      severities: [...this.params.severities],
      seed: this.params.seed,
      perturbedImages: this.images * this.units.length,
      labelled,
      lowestAgreement: lowest,
      flips: this.classifies ? this.flips.total : null,
      mCE,
      relativeMCE,
      perturbMs: this.timing.perturbMs,
      cache: { enabled: cache.enabled, hits: cache.hits, misses: cache.misses },
    };
    return { perturbations, robustness, headline };
  }
}

/** A model's error under one perturbation (top-1 error with labels, 1 − mAP with boxes), null when unmeasured. */
function errorsOf(metrics: SummaryMetrics): { reference: number; candidate: number } | null {
  const errors = modelErrors(metrics);
  return errors ? { reference: errors.reference, candidate: errors.candidate } : null;
}
