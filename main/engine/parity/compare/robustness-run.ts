/**
 * The perturbation pass of a comparison. For each image (decoded and fitted once by the clean pass), every
 * (perturbation, severity) is produced once — from the disk cache when an identical run produced it before — and
 * goes through the same step as a clean image (runPairStep) into one PairEvaluator per (perturbation, severity);
 * top-1 flips go to a bounded list, and the first image's perturbed versions to the HTML strip. Per-image detail is
 * not kept per perturbation, so memory stays bounded by the number of (perturbation, severity) pairs.
 */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { isPerturbationName, perturbationInfo, SEVERITIES, type PerturbationName, type Severity } from '../../../../shared/perturbations/index.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import { METRICS } from '../../../../shared/report/metric-meaning.js';
import { agreementMetric, valueOfSummary } from '../../../../shared/report/output-kinds.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import {
  FlipExampleSchema,
  type PerturbationResult,
  type RobustnessHeadline,
  type RobustnessSummary,
} from '../../../../shared/report/robustness-section.js';
import type { ImageEntry, RgbImage } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import {
  MIN_PERTURB_SIDE,
  PerturbedImageCache,
  imageDigest,
  perturbCacheBytes,
  perturbImage,
  type PerturbationRequest,
} from '../../perturb/index.js';
import { boxResize } from '../../perturb/corruptions/pixelate.js';
import { perturbedThumbnailKey } from '../../report/html/assets.js';
import { encodeThumbnail, jpegDataUri } from '../../report/thumbnails.js';
import { PairEvaluator, type EvaluatorOptions } from '../evaluate/pair-evaluator.js';
import type { ModelPair } from '../pair/model-pair.js';
import { runPairStep } from './pair-step.js';
import { FlipCollector } from './robustness-flips.js';
import { z } from 'zod';
import { corruptionErrors, meanDefined } from './robustness-errors.js';

export interface PerturbedImageArgs {
  entry: ImageEntry;
  /** The image at the model's input size, as the clean pass fed it. */
  image: RgbImage;
  plan: readonly OutputDescription[];
  /** The run's evaluator options (labels, charset, threshold, top-k). */
  options: EvaluatorOptions;
  /** Index of the image's true class in the labels, null when unknown. */
  label: number | null;
  pair: ModelPair;
  /** Called after each (perturbation, severity) of this image, with how many are done. */
  onUnit(done: number): void;
}

export interface RobustnessOutcome {
  perturbations: PerturbationResult[];
  robustness: RobustnessSummary;
  /** Perturbed thumbnails (flip gallery, strip) and the sample's clean thumbnail for ReportAssets. */
  thumbnails: Map<string, string>;
  headline: RobustnessHeadline;
}

/** Loads an image of the run (relative path) decoded and fitted as the comparison fed it. */
export type LoadImage = (relPath: string) => Promise<RgbImage>;

const RobustnessSnapshotSchema = z.object({
  /** PairEvaluator state per (perturbation, severity). */
  evaluators: z.array(z.tuple([z.string(), z.unknown()])),
  flipCounts: z.array(z.tuple([z.string(), z.number()])),
  flips: z.object({ total: z.number(), kept: z.array(z.tuple([z.string(), z.array(FlipExampleSchema)])) }),
  sample: z.string().nullable(),
  images: z.number(),
  classifies: z.boolean(),
  timing: z.object({ perturbMs: z.number(), cacheReadMs: z.number(), refMs: z.number(), candMs: z.number(), metricsMs: z.number() }),
});
export type RobustnessSnapshot = z.infer<typeof RobustnessSnapshotSchema>;

interface Unit {
  name: PerturbationName;
  severity: Severity;
  key: string;
}

const STRIP_THUMB = { width: 160, height: 96 };
const FLIP_THUMB = { width: 240, height: 160 };

/**
 * The image box-shrunk to fit width × height (unchanged when it fits): kept flips and the strip's images are held
 * until the report is written, and at a detector's 640 × 640 the full images would take over 100 MB.
 */
function shrinkToFit(image: RgbImage, width: number, height: number): RgbImage {
  const scale = Math.min(1, width / image.width, height / image.height);
  if (scale === 1) return image;
  return boxResize(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
}

export class RobustnessRun {
  private readonly units: Unit[];
  private readonly evaluators = new Map<string, PairEvaluator>();
  private readonly flipCounts = new Map<string, number>();
  private flips = new FlipCollector();
  /** The strip's image; its pixels are null after a resume and made again when the report is written. */
  private sample: { path: string; clean: RgbImage | null; perturbed: Map<string, RgbImage> } | null = null;
  private tensorBuffer: Float32Array | Uint8Array | Int8Array | undefined;
  private images = 0;
  /** Flips need a classification output (top-1); dense and generic models have none. */
  private classifies = false;
  private readonly timing = { perturbMs: 0, cacheReadMs: 0, refMs: 0, candMs: 0, metricsMs: 0 };

  private constructor(
    private readonly params: CompareOptions,
    private readonly spec: PreprocessSpec,
    private readonly cache: PerturbedImageCache,
    private readonly ctx: JobContext,
  ) {
    this.units = params.perturb.flatMap((name) => params.severities.map((severity) => ({ name, severity, key: `${name}|${severity}` })));
  }

  /** Starts the pass when the comparison asks for perturbations, else null. */
  static async start(params: CompareOptions, spec: PreprocessSpec, ctx: JobContext): Promise<RobustnessRun | null> {
    if (params.perturb.length === 0) return null;
    if (spec.width < MIN_PERTURB_SIDE || spec.height < MIN_PERTURB_SIDE) {
      throw new ParityError(
        'BAD_OPTION',
        `The model's input is ${spec.width}×${spec.height} pixels; perturbations need at least ${MIN_PERTURB_SIDE}×${MIN_PERTURB_SIDE}.`,
        'Compare without --perturb, or give a larger width and height in --preprocess if the model accepts them.',
      );
    }
    const cache = await PerturbedImageCache.open({ maxBytes: perturbCacheBytes(params.perturbCacheMb) });
    if (!cache.stats.enabled && perturbCacheBytes(params.perturbCacheMb) > 0) {
      ctx.log('warn', `The perturbation cache at ${cache.dir} cannot be used; perturbed images are computed every time.`);
    }
    return new RobustnessRun(params, spec, cache, ctx);
  }

  /** (perturbation, severity) pairs run on every image. */
  get unitsPerImage(): number {
    return this.units.length;
  }

  private evaluatorFor(unit: Unit, plan: readonly OutputDescription[], options: EvaluatorOptions): PairEvaluator {
    let evaluator = this.evaluators.get(unit.key);
    if (!evaluator) {
      evaluator = new PairEvaluator(plan, options);
      this.evaluators.set(unit.key, evaluator);
    }
    return evaluator;
  }

  private async perturbed(image: RgbImage, digest: string, request: PerturbationRequest): Promise<RgbImage> {
    const key = PerturbedImageCache.key(digest, request);
    const t0 = performance.now();
    const cached = await this.cache.get(key, image.width, image.height);
    if (cached) {
      this.timing.cacheReadMs += performance.now() - t0;
      return cached;
    }
    const t1 = performance.now();
    const out = await perturbImage(image, request, digest);
    this.timing.perturbMs += performance.now() - t1;
    this.cache.put(key, out);
    return out;
  }

  /** What a checkpoint keeps of this pass (no pixels: they are made again from the images on resume). */
  snapshot(): RobustnessSnapshot {
    return {
      evaluators: [...this.evaluators].map(([key, evaluator]) => [key, evaluator.snapshot()]),
      flipCounts: [...this.flipCounts],
      flips: this.flips.toState(),
      sample: this.sample?.path ?? null,
      images: this.images,
      classifies: this.classifies,
      timing: { ...this.timing },
    };
  }

  /** Continues from a checkpoint's snapshot, made with this output plan. */
  restore(raw: unknown, plan: readonly OutputDescription[], options: EvaluatorOptions): void {
    const state = RobustnessSnapshotSchema.parse(raw);
    this.evaluators.clear();
    for (const [key, saved] of state.evaluators) this.evaluators.set(key, PairEvaluator.restore(plan, options, saved));
    this.flipCounts.clear();
    for (const [key, count] of state.flipCounts) this.flipCounts.set(key, count);
    this.flips = FlipCollector.fromState(state.flips);
    this.sample = state.sample === null ? null : { path: state.sample, clean: null, perturbed: new Map() };
    this.images = state.images;
    this.classifies = state.classifies;
    Object.assign(this.timing, state.timing);
  }

  /** Runs every (perturbation, severity) of one image through both models. */
  async processImage(args: PerturbedImageArgs): Promise<void> {
    const { image, plan } = args;
    const digest = imageDigest(image);
    const keepSample = this.sample === null;
    this.classifies = plan.some((p) => p.kind === 'classification');
    const samplePerturbed = new Map<string, RgbImage>();
    for (let u = 0; u < this.units.length; u++) {
      this.ctx.throwIfCancelled();
      const unit = this.units[u]!;
      const perturbed = await this.perturbed(image, digest, { name: unit.name, severity: unit.severity, seed: this.params.seed });
      const step = await runPairStep(args.pair, () => this.evaluatorFor(unit, plan, args.options), perturbed, {
        spec: this.spec,
        key: { relPath: args.entry.relPath, perturbation: { name: unit.name, severity: unit.severity } },
        label: args.label,
        buffer: this.tensorBuffer,
      });
      this.tensorBuffer = step.tensor.data;
      const { evaluation } = step;
      const ref = evaluation.referenceTopK[0];
      const cand = evaluation.candidateTopK[0];
      if (ref && cand && ref.index !== cand.index) {
        this.flipCounts.set(unit.key, (this.flipCounts.get(unit.key) ?? 0) + 1);
        this.flips.offer(
          {
            path: args.entry.relPath,
            label: args.entry.label,
            perturbation: unit.name,
            severity: unit.severity,
            reference: ref,
            candidate: cand,
            disagreement: evaluation.disagreement,
          },
          shrinkToFit(perturbed, FLIP_THUMB.width, FLIP_THUMB.height),
        );
      }
      if (keepSample) samplePerturbed.set(unit.key, shrinkToFit(perturbed, STRIP_THUMB.width, STRIP_THUMB.height));
      this.timing.refMs += step.referenceMs;
      this.timing.candMs += step.candidateMs;
      this.timing.metricsMs += step.metricsMs;
      args.onUnit(u + 1);
    }
    if (keepSample) {
      this.sample = { path: args.entry.relPath, clean: shrinkToFit(image, STRIP_THUMB.width, STRIP_THUMB.height), perturbed: samplePerturbed };
    }
    this.images++;
  }

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
          error: metrics.accuracy ? { reference: 1 - metrics.accuracy.reference, candidate: 1 - metrics.accuracy.candidate } : null,
          ...(this.classifies ? { flips: this.flipCounts.get(unit.key) ?? 0 } : {}),
        },
      ];
    });
  }

  /** A perturbed image made again after a resume, exactly as the pass made it (same digest, same request). */
  private async remake(load: LoadImage, relPath: string, name: string, severity: number): Promise<RgbImage> {
    if (!isPerturbationName(name) || !SEVERITIES.includes(severity as Severity)) {
      throw new Error(`checkpoint names an unknown perturbation ${name} at severity ${severity}`);
    }
    const image = await load(relPath);
    return this.perturbed(image, imageDigest(image), { name, severity: severity as Severity, seed: this.params.seed });
  }

  private async thumbnails(load: LoadImage): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const shown = this.flips.shown();
    for (const flip of shown) {
      const key = perturbedThumbnailKey(flip.example.path, flip.example.perturbation, flip.example.severity);
      const image =
        flip.image ??
        shrinkToFit(await this.remake(load, flip.example.path, flip.example.perturbation, flip.example.severity), FLIP_THUMB.width, FLIP_THUMB.height);
      out.set(key, jpegDataUri(await encodeThumbnail(image)));
    }
    if (this.sample) {
      const clean = this.sample.clean ?? shrinkToFit(await load(this.sample.path), STRIP_THUMB.width, STRIP_THUMB.height);
      out.set(this.sample.path, jpegDataUri(await encodeThumbnail(clean, STRIP_THUMB.width, STRIP_THUMB.height)));
      for (const unit of this.units) {
        let image = this.sample.perturbed.get(unit.key);
        if (!image && this.sample.clean === null) {
          image = shrinkToFit(await this.remake(load, this.sample.path, unit.name, unit.severity), STRIP_THUMB.width, STRIP_THUMB.height);
        }
        const key = perturbedThumbnailKey(this.sample.path, unit.name, unit.severity);
        if (image && !out.has(key)) out.set(key, jpegDataUri(await encodeThumbnail(image, STRIP_THUMB.width, STRIP_THUMB.height)));
      }
    }
    return out;
  }

  /** The report's `perturbations` and `robustness`, their thumbnails and the headline for the job result. */
  async finish(clean: SummaryMetrics, load: LoadImage): Promise<RobustnessOutcome> {
    const thumbnails = await this.thumbnails(load);
    await this.cache.close();
    const perturbations = this.results();
    const labelled = clean.accuracy !== null && perturbations.some((p) => p.error);
    const cleanError = labelled ? { reference: 1 - clean.accuracy!.reference, candidate: 1 - clean.accuracy!.candidate } : null;
    const perPerturbation = cleanError ? corruptionErrors(this.params.perturb, perturbations, cleanError) : [];
    const mCE = meanDefined(perPerturbation.map((p) => p.ce));
    const relativeMCE = meanDefined(perPerturbation.map((p) => p.relativeCe));
    const stats = this.cache.stats;
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
      cleanError,
      perPerturbation,
      mCECount: perPerturbation.filter((p) => p.ce !== null).length,
      ...(this.classifies ? { flips: { total: this.flips.total, examples: shown.map((f) => f.example) } } : {}),
      sampleImage: this.sample?.path ?? null,
      timing: {
        perturbMs: this.timing.perturbMs,
        cacheReadMs: this.timing.cacheReadMs,
        inferenceMs: { reference: this.timing.refMs, candidate: this.timing.candMs },
        metricsMs: this.timing.metricsMs,
        cache: { enabled: stats.enabled, hits: stats.hits, misses: stats.misses, writes: stats.writes, evicted: stats.evicted, maxBytes: stats.maxBytes },
      },
    };
    const metric = agreementMetric(perturbations.map((p) => p.metrics));
    let lowest: RobustnessHeadline['lowestAgreement'] = null;
    for (const p of perturbations) {
      const value = valueOfSummary(p.metrics, metric);
      if (value !== null && (lowest === null || lowest.value === null || value < lowest.value)) {
        lowest = { metric: METRICS[metric].label, perturbation: p.name, severity: p.severity, value };
      }
    }
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
      cache: { enabled: stats.enabled, hits: stats.hits, misses: stats.misses },
    };
    return { perturbations, robustness, thumbnails, headline };
  }
}
