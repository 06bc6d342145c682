/**
 * The perturbation pass of a comparison. For each image (decoded and fitted once by the clean pass), every
 * (perturbation, severity) is produced once — from the disk cache when an identical run produced it before — and
 * goes through the same step as a clean image (runPairStep) into that unit's PairEvaluator of the RobustnessTally;
 * top-1 flips go to a bounded list, and the first image's perturbed versions to the HTML strip. Per-image detail is
 * not kept per perturbation, so memory stays bounded by the number of (perturbation, severity) pairs.
 * With several candidates, each perturbed image is made once and the reference runs on it once: every further
 * candidate is fed the same input and measured against the same reference outputs into its own tally.
 */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { isPerturbationName, SEVERITIES, type Severity } from '../../../../shared/perturbations/index.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
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
import type { EvaluatorOptions, ImageEvaluation, ImageFacts } from '../evaluate/pair-evaluator.js';
import type { FurtherCandidates } from '../pair/further-candidates.js';
import type { ModelPair } from '../pair/model-pair.js';
import { runPairStep } from './pair-step.js';
import { RobustnessTally, unitsOf, type RobustnessSections, type RobustnessSnapshot, type Unit } from './robustness-tally.js';

export interface PerturbedImageArgs {
  entry: ImageEntry;
  /** The image at the model's input size, as the clean pass fed it. */
  image: RgbImage;
  plan: readonly OutputDescription[];
  /** The run's evaluator options (labels, charset, threshold, top-k). */
  options: EvaluatorOptions;
  /** Index of the image's true class in the labels, null when unknown. */
  label: number | null;
  /**
   * Detection runs: where the image sits in the input, and its truth — the --boxes, or without them the reference's
   * detections on the clean image (so that each model's mAP under a perturbation measures what it lost); else null.
   */
  facts: ImageFacts | null;
  pair: ModelPair;
  /** The run's candidates after the first, run on each perturbed input too; null with one candidate. */
  more: FurtherCandidates | null;
  /** Called after each (perturbation, severity) of this image, with how many are done. */
  onUnit(done: number): void;
}

export interface RobustnessOutcome extends RobustnessSections {
  /**
   * Perturbed thumbnails for ReportAssets: the shown flips and the strip (the sample's clean thumbnail too), plus,
   * in a shard, every kept flip (any of them may be shown once the shards are merged).
   */
  thumbnails: Map<string, string>;
  /** Each further candidate's sections, in the run's order (empty with one candidate). */
  further: RobustnessSections[];
}

/** Loads an image of the run (relative path) decoded and fitted as the comparison fed it. */
export type LoadImage = (relPath: string) => Promise<RgbImage>;

export type { RobustnessSnapshot };

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
  /** Made with the output plan, which the clean pass decides on the first image. */
  private tally: RobustnessTally | null = null;
  /** One per further candidate, made with the first candidate's. */
  private furtherTallies: RobustnessTally[] = [];
  /** The strip's pixels; null after a resume (made again when the report is written). */
  private samplePixels: { clean: RgbImage; perturbed: Map<string, RgbImage> } | null = null;
  private tensorBuffer: Float32Array | Uint8Array | Int8Array | undefined;

  private constructor(
    private readonly params: CompareOptions,
    private readonly spec: PreprocessSpec,
    private readonly cache: PerturbedImageCache,
    private readonly ctx: JobContext,
    private readonly furtherCount: number,
  ) {
    this.units = unitsOf(params);
  }

  /** Starts the pass when the comparison asks for perturbations, else null. */
  static async start(params: CompareOptions, spec: PreprocessSpec, ctx: JobContext, furtherCount = 0): Promise<RobustnessRun | null> {
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
    return new RobustnessRun(params, spec, cache, ctx, furtherCount);
  }

  /** (perturbation, severity) pairs run on every image. */
  get unitsPerImage(): number {
    return this.units.length;
  }

  private tallyFor(plan: readonly OutputDescription[], options: EvaluatorOptions): RobustnessTally {
    if (!this.tally) {
      this.tally = new RobustnessTally(this.params, plan, options);
      this.furtherTallies = Array.from({ length: this.furtherCount }, () => new RobustnessTally(this.params, plan, options));
    }
    return this.tally;
  }

  private async perturbed(image: RgbImage, digest: string, request: PerturbationRequest): Promise<RgbImage> {
    // The perturbed image serves every candidate: each tally reports the time it took once.
    const timings = [this.tally!, ...this.furtherTallies].map((t) => t.timing);
    const key = PerturbedImageCache.key(digest, request);
    const t0 = performance.now();
    const cached = await this.cache.get(key, image.width, image.height);
    if (cached) {
      const ms = performance.now() - t0;
      for (const timing of timings) timing.cacheReadMs += ms;
      return cached;
    }
    const t1 = performance.now();
    const out = await perturbImage(image, request, digest);
    const ms = performance.now() - t1;
    for (const timing of timings) timing.perturbMs += ms;
    this.cache.put(key, out);
    return out;
  }

  /** What a checkpoint keeps of this pass (no pixels: they are made again from the images on resume); null before the first image. */
  snapshot(): RobustnessSnapshot | null {
    return this.tally?.snapshot() ?? null;
  }

  /** What a checkpoint keeps of each further candidate's tally, in the run's order (empty before the first image). */
  furtherSnapshots(): RobustnessSnapshot[] {
    return this.furtherTallies.map((t) => t.snapshot());
  }

  /** Continues from a checkpoint's snapshots (the first candidate's, then each further one's), made with this output plan. */
  restore(raw: unknown, further: readonly unknown[], plan: readonly OutputDescription[], options: EvaluatorOptions): void {
    if (further.length !== this.furtherCount) throw new Error('internal: the checkpoint holds another number of candidates under perturbation than its parameters');
    this.tally = RobustnessTally.restore(this.params, plan, options, raw);
    this.furtherTallies = further.map((f) => RobustnessTally.restore(this.params, plan, options, f));
    this.samplePixels = null;
  }

  /** Runs every (perturbation, severity) of one image through both models. */
  async processImage(args: PerturbedImageArgs): Promise<void> {
    const { image, plan } = args;
    const tally = this.tallyFor(plan, args.options);
    const digest = imageDigest(image);
    const keepSample = tally.sample === null;
    const classifies = plan.some((p) => p.kind === 'classification');
    for (const t of [tally, ...this.furtherTallies]) t.classifies = classifies;
    const samplePerturbed = new Map<string, RgbImage>();
    for (let u = 0; u < this.units.length; u++) {
      this.ctx.throwIfCancelled();
      const unit = this.units[u]!;
      const perturbed = await this.perturbed(image, digest, { name: unit.name, severity: unit.severity, seed: this.params.seed });
      const key = { relPath: args.entry.relPath, perturbation: { name: unit.name, severity: unit.severity } };
      const step = await runPairStep(args.pair, () => tally.evaluatorFor(unit), perturbed, {
        spec: this.spec,
        key,
        label: args.label,
        facts: args.facts,
        buffer: this.tensorBuffer,
      });
      this.tensorBuffer = step.tensor.data;
      noteFlip(tally, unit, args.entry, step.evaluation, () => shrinkToFit(perturbed, FLIP_THUMB.width, FLIP_THUMB.height));
      if (keepSample) samplePerturbed.set(unit.key, shrinkToFit(perturbed, STRIP_THUMB.width, STRIP_THUMB.height));
      tally.timing.refMs += step.referenceMs;
      tally.timing.candMs += step.candidateMs;
      tally.timing.metricsMs += step.metricsMs;
      if (args.more) {
        const runs = await args.more.run({ data: step.tensor.data, dims: step.tensor.dims, dtype: this.spec.dtype }, key, perturbed);
        for (let i = 0; i < runs.length; i++) {
          const further = this.furtherTallies[i]!;
          const t0 = performance.now();
          const evaluation = further.evaluatorFor(unit).add(step.run.reference, runs[i]!.outputs, args.label, args.facts);
          noteFlip(further, unit, args.entry, evaluation, null);
          // The reference ran once for every candidate: each candidate's section reports that one run.
          further.timing.refMs += step.referenceMs;
          further.timing.candMs += runs[i]!.ms;
          further.timing.metricsMs += performance.now() - t0;
        }
      }
      args.onUnit(u + 1);
    }
    for (const t of [tally, ...this.furtherTallies]) {
      if (keepSample) t.sample = args.entry.relPath;
      t.images++;
    }
    if (keepSample) this.samplePixels = { clean: shrinkToFit(image, STRIP_THUMB.width, STRIP_THUMB.height), perturbed: samplePerturbed };
  }

  /** A perturbed image made again after a resume, exactly as the pass made it (same digest, same request). */
  private async remake(load: LoadImage, relPath: string, name: string, severity: number): Promise<RgbImage> {
    if (!isPerturbationName(name) || !SEVERITIES.includes(severity as Severity)) {
      throw new Error(`checkpoint names an unknown perturbation ${name} at severity ${severity}`);
    }
    const image = await load(relPath);
    return this.perturbed(image, imageDigest(image), { name, severity: severity as Severity, seed: this.params.seed });
  }

  /** Thumbnails of the flips (every kept one in a shard, else those shown) and of the strip. */
  private async thumbnails(tally: RobustnessTally, load: LoadImage): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    // The views show the first candidate's flips: further candidates' are in report.json only.
    const flips = this.params.shard ? tally.flips.kept() : tally.flips.shown();
    for (const flip of flips) {
      const key = perturbedThumbnailKey(flip.example.path, flip.example.perturbation, flip.example.severity);
      const image =
        flip.image ??
        shrinkToFit(await this.remake(load, flip.example.path, flip.example.perturbation, flip.example.severity), FLIP_THUMB.width, FLIP_THUMB.height);
      out.set(key, jpegDataUri(await encodeThumbnail(image)));
    }
    if (tally.sample !== null) {
      const pixels = this.samplePixels;
      const clean = pixels?.clean ?? shrinkToFit(await load(tally.sample), STRIP_THUMB.width, STRIP_THUMB.height);
      out.set(tally.sample, jpegDataUri(await encodeThumbnail(clean, STRIP_THUMB.width, STRIP_THUMB.height)));
      for (const unit of this.units) {
        let image = pixels?.perturbed.get(unit.key);
        if (!image && pixels === null) {
          image = shrinkToFit(await this.remake(load, tally.sample, unit.name, unit.severity), STRIP_THUMB.width, STRIP_THUMB.height);
        }
        const key = perturbedThumbnailKey(tally.sample, unit.name, unit.severity);
        if (image && !out.has(key)) out.set(key, jpegDataUri(await encodeThumbnail(image, STRIP_THUMB.width, STRIP_THUMB.height)));
      }
    }
    return out;
  }

  /** The pass's tally (an empty one when no image went through it), for a shard's saved state. */
  finalTally(plan: readonly OutputDescription[], options: EvaluatorOptions): RobustnessTally {
    return this.tallyFor(plan, options);
  }

  /**
   * The report's `perturbations` and `robustness`, their thumbnails and the headline for the job result; `furtherClean`
   * holds each further candidate's clean summary (its corruption errors are relative to it), in the run's order.
   */
  async finish(
    clean: SummaryMetrics,
    furtherClean: readonly SummaryMetrics[],
    plan: readonly OutputDescription[],
    options: EvaluatorOptions,
    load: LoadImage,
  ): Promise<RobustnessOutcome> {
    const tally = this.tallyFor(plan, options);
    const thumbnails = await this.thumbnails(tally, load);
    await this.cache.close();
    const stats = this.cache.stats;
    const cache = { enabled: stats.enabled, hits: stats.hits, misses: stats.misses, writes: stats.writes, evicted: stats.evicted, maxBytes: stats.maxBytes };
    const further = this.furtherTallies.map((t, i) => t.sections(furtherClean[i]!, cache));
    return { ...tally.sections(clean, cache), thumbnails, further };
  }
}

/**
 * Counts a top-1 flip of one candidate under one (perturbation, severity) and offers it to that candidate's kept
 * flips, with its thumbnail's pixels when the views show that candidate's flips (`image` null: report.json only).
 */
function noteFlip(tally: RobustnessTally, unit: Unit, entry: ImageEntry, evaluation: ImageEvaluation, image: (() => RgbImage) | null): void {
  const ref = evaluation.referenceTopK[0];
  const cand = evaluation.candidateTopK[0];
  if (!ref || !cand || ref.index === cand.index) return;
  tally.countFlip(unit);
  tally.flips.offer(
    {
      path: entry.relPath,
      label: entry.label,
      perturbation: unit.name,
      severity: unit.severity,
      reference: ref,
      candidate: cand,
      disagreement: evaluation.disagreement,
    },
    image?.() ?? null,
  );
}
