/**
 * Phase 2 of a comparison: every image, decoded once a few ahead of the models, through both models clean and
 * then under each (perturbation, severity), into the evaluators; progress reported per model pair run, a
 * checkpoint saved every few seconds, and a resumed run continued from its checkpoint.
 */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import type { CandidateImageResult, OutputDescription, PerImageResult, SkippedImage } from '../../../../shared/report/report.js';
import { streamImages, type PreparedImage } from '../../images/image-stream.js';
import type { ImageFacts } from '../evaluate/pair-evaluator.js';
import { imageFrame } from '../detection/frame.js';
import type { ImageTensor, RgbImage } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import { BenchTensorSample } from '../../bench/compare-performance.js';
import { PairEvaluator, type EvaluatorOptions, type ImageEvaluation } from '../evaluate/pair-evaluator.js';
import { planOutputs } from '../evaluate/plan-outputs.js';
import { assertCharsetFits } from '../kinds/sequence-kind.js';
import type { ModelPair, PairRun } from '../pair/model-pair.js';
import { isMissingSavedOutput } from '../pair/saved-outputs-side.js';
import type { FurtherCandidates } from '../pair/further-candidates.js';
import { CHECKPOINT_INTERVAL_MS, CHECKPOINT_VERSION, paramsKey, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { DisagreementGallery } from './gallery.js';
import { runPairStep } from './pair-step.js';
import { RobustnessRun } from './robustness-run.js';
import type { RunFolder } from './run-folder.js';
import { evaluatorOptions, labelIndexOf, type RunImages } from './run-images.js';
import { checkLabelsOnFirstImage } from './labels.js';

/** Where the clean pass spent its time (the robustness pass keeps its own). */
export interface CleanTimings {
  decodeMs: number;
  preprocessMs: number;
  refMs: number;
  candMs: number;
  metricsMs: number;
}

/** A further candidate's clean evaluation (the first candidate's is the loop's own evaluator). */
export interface FurtherEvaluation {
  evaluator: PairEvaluator;
  /** Time the clean pass spent in this candidate. */
  candMs: number;
}

/** What the loop leaves for the report. */
export interface ComparedImages {
  evaluator: PairEvaluator;
  /** One per further candidate, in the run's order (empty with one candidate). */
  further: FurtherEvaluation[];
  perImage: PerImageResult[];
  skipped: SkippedImage[];
  gallery: DisagreementGallery;
  robustness: RobustnessRun | null;
  /** Tensors the loop fed, for the performance section (empty after a resume: sampled again there). */
  benchSample: BenchTensorSample;
  timings: CleanTimings;
}

class ImageLoop {
  private evaluator: PairEvaluator | null = null;
  private further: FurtherEvaluation[] = [];
  private perImage: PerImageResult[] = [];
  private readonly skipped: SkippedImage[];
  private readonly gallery: DisagreementGallery;
  private readonly benchSample = new BenchTensorSample();
  private readonly timings: CleanTimings = { decodeMs: 0, preprocessMs: 0, refMs: 0, candMs: 0, metricsMs: 0 };
  private done = 0;
  private lastCheckpoint = performance.now();
  /** Candidate runs per image: every candidate's clean one and each (perturbation, severity), for the progress and ETA. */
  private readonly units: number;
  /** Candidates in the run: each (perturbation, severity) of an image is this many progress units. */
  private readonly candidates: number;

  constructor(
    private readonly run: RunFolder,
    private readonly images: RunImages,
    private readonly pair: ModelPair,
    private readonly more: FurtherCandidates | null,
    private readonly robustness: RobustnessRun | null,
    private readonly ctx: JobContext,
  ) {
    this.skipped = [...images.skipped];
    this.gallery = new DisagreementGallery(run.params.galleryCount);
    this.candidates = 1 + (more?.count ?? 0);
    this.units = (1 + (robustness?.unitsPerImage ?? 0)) * this.candidates;
  }

  private get params(): CompareOptions {
    return this.run.params;
  }

  /** Continues where an interrupted run's checkpoint left off. */
  restore(checkpoint: Checkpoint): void {
    this.evaluator = PairEvaluator.restore(checkpoint.plan, this.evaluatorOptions(), checkpoint.evaluator);
    const further = checkpoint.further ?? [];
    if (further.length !== (this.more?.count ?? 0)) throw new Error('internal: the checkpoint holds another number of candidates than its parameters');
    this.further = further.map((f) => ({ evaluator: PairEvaluator.restore(checkpoint.plan, this.evaluatorOptions(), f.evaluator), candMs: f.candMs }));
    this.perImage = checkpoint.perImage;
    this.skipped.splice(0, this.skipped.length, ...checkpoint.skipped);
    for (const item of checkpoint.gallery) this.gallery.offer(item.relPath, item.disagreement, null);
    if (this.robustness && checkpoint.robustness !== null) {
      this.robustness.restore(checkpoint.robustness, further.map((f) => f.robustness ?? null), checkpoint.plan, this.evaluatorOptions());
    }
    this.done = Math.min(checkpoint.entriesDone, this.images.entries.length);
    this.ctx.log('info', `resuming ${this.run.runDir} after ${this.done} of ${this.images.entries.length} images`);
  }

  async compareAll(): Promise<ComparedImages> {
    const total = this.images.entries.length * this.units;
    this.ctx.progress('comparing', this.done * this.units, total);
    const sourceSize = this.params.postprocess !== null;
    const streamOptions = { sourceSize, keepDecoded: this.pair.readsImages || (this.more?.readsImages ?? false) };
    for await (const prepared of streamImages(this.images.entries.slice(this.done), this.images.spec, streamOptions)) {
      this.ctx.throwIfCancelled();
      if (prepared.ok) await this.compareImage(prepared, total).catch((error: unknown) => this.skipMissingOutput(prepared.entry.relPath, error));
      else this.skipped.push({ path: prepared.entry.relPath, reason: prepared.reason });
      this.done += 1;
      this.ctx.progress('comparing', this.done * this.units, total);
      if (performance.now() - this.lastCheckpoint >= CHECKPOINT_INTERVAL_MS && this.done < this.images.entries.length) await this.saveCheckpoint();
    }
    // A shard may hold no decodable image (its part of a small folder): its state is then empty, and the merge decides.
    if (!this.evaluator && this.params.shard) this.evaluator = new PairEvaluator([], this.evaluatorOptions());
    if (!this.evaluator) {
      throw new ParityError(
        'NO_IMAGES',
        `None of the ${this.images.entries.length} images in ${this.run.imagesRoot} could be compared.`,
        `First reason: ${this.skipped[0]?.reason ?? 'unknown'}`,
      );
    }
    return {
      evaluator: this.evaluator,
      further: this.further,
      perImage: this.perImage,
      skipped: this.skipped,
      gallery: this.gallery,
      robustness: this.robustness,
      benchSample: this.benchSample,
      timings: this.timings,
    };
  }

  /** An image the saved outputs lack is skipped with the reason; any other failure stops the run. */
  private skipMissingOutput(relPath: string, error: unknown): void {
    if (!isMissingSavedOutput(error)) throw error;
    this.skipped.push({ path: relPath, reason: error.message });
  }

  private async compareImage(prepared: Extract<PreparedImage, { ok: true }>, total: number): Promise<void> {
    const { entry, image } = prepared;
    const label = labelIndexOf(this.images.classes, entry.label);
    const facts = this.imageFacts(prepared);
    const step = await runPairStep(this.pair, (run) => this.evaluatorFor(run), image, {
      spec: this.images.spec,
      key: { relPath: entry.relPath, perturbation: null },
      label,
      facts,
      decoded: prepared.decoded ?? undefined,
    });
    if (this.params.bench) this.benchSample.offer(step.tensor.data);
    const { evaluation } = step;
    const candidates = await this.compareFurther(step.run, step.tensor, prepared.decoded ?? image, entry.relPath, label, facts);
    this.perImage.push({
      path: entry.relPath,
      label: entry.label,
      reference: { topK: evaluation.referenceTopK },
      candidate: { topK: evaluation.candidateTopK },
      outputs: evaluation.outputs,
      disagreement: evaluation.disagreement,
      referenceCorrect: evaluation.correctness?.reference ?? null,
      candidateCorrect: evaluation.correctness?.candidate ?? null,
      ...(candidates.length > 0 ? { candidates: [imageResultOf(evaluation), ...candidates] } : {}),
    });
    this.gallery.offer(entry.relPath, evaluation.disagreement, image);
    const t = this.timings;
    t.decodeMs += prepared.decodeMs;
    t.preprocessMs += prepared.fitMs + step.tensorMs;
    t.refMs += step.referenceMs;
    t.candMs += step.candidateMs;
    t.metricsMs += step.metricsMs;
    if (this.robustness) {
      const base = this.done * this.units + this.candidates;
      await this.robustness.processImage({
        entry,
        image,
        plan: this.plan(),
        options: this.evaluatorOptions(),
        label,
        facts: facts && { ...facts, truth: facts.truth ?? cleanReferenceTruth(evaluation) },
        pair: this.pair,
        more: this.more,
        onUnit: (k) => this.ctx.progress('comparing', base + k * this.candidates, total),
      });
    }
  }

  /** Detection runs: the image's frame in the input and its --boxes; null otherwise. */
  private imageFacts(prepared: Extract<PreparedImage, { ok: true }>): ImageFacts | null {
    const { source, entry } = prepared;
    if (!source) return null;
    const spec = this.images.spec;
    const boxes = this.images.truth?.boxesOf(entry.relPath, source) ?? null;
    return {
      input: { width: spec.width, height: spec.height },
      frame: imageFrame(source.width, source.height, spec),
      truth: boxes ? { source: 'boxes', boxes } : null,
    };
  }

  /** Runs the further candidates on the tensor the pair ran and measures each against the same reference outputs. */
  private async compareFurther(run: PairRun, tensor: ImageTensor, image: RgbImage, relPath: string, label: number | null, facts: ImageFacts | null): Promise<CandidateImageResult[]> {
    if (!this.more) return [];
    const runs = await this.more.run({ data: tensor.data, dims: tensor.dims, dtype: this.images.spec.dtype }, { relPath, perturbation: null }, image);
    if (this.further.length === 0) this.further = runs.map(() => ({ evaluator: new PairEvaluator(this.plan(), this.evaluatorOptions()), candMs: 0 }));
    return runs.map((candidateRun, i) => {
      const further = this.further[i]!;
      further.candMs += candidateRun.ms;
      return imageResultOf(further.evaluator.add(run.reference, candidateRun.outputs, label, facts));
    });
  }

  /** The clean evaluator, made from the first image's outputs (they decide how each output is compared). */
  private evaluatorFor(first: PairRun): PairEvaluator {
    if (this.evaluator) return this.evaluator;
    const plan = planOutputs(this.pair.reference.signature.outputs, first.reference, this.params);
    const { classes } = this.images;
    if (classes && this.params.labels) checkLabelsOnFirstImage(classes, this.params.labels, plan, first.reference);
    assertCharsetFits(plan, this.images.charset);
    this.evaluator = new PairEvaluator(plan, this.evaluatorOptions());
    return this.evaluator;
  }

  private plan(): readonly OutputDescription[] {
    if (!this.evaluator) throw new Error('internal: no output plan before the first image');
    return this.evaluator.plan;
  }

  private evaluatorOptions(): EvaluatorOptions {
    return evaluatorOptions(this.params, this.images);
  }

  private async saveCheckpoint(): Promise<void> {
    if (!this.evaluator) return;
    await writeCheckpoint(this.run.runDir, {
      checkpointVersion: CHECKPOINT_VERSION,
      paramsKey: paramsKey(this.run.requested),
      entriesDone: this.done,
      plan: [...this.evaluator.plan],
      evaluator: this.evaluator.snapshot(),
      further: this.further.map((f, i) => ({ evaluator: f.evaluator.snapshot(), candMs: f.candMs, robustness: this.robustness?.furtherSnapshots()[i] ?? null })),
      perImage: this.perImage,
      skipped: this.skipped,
      gallery: this.gallery.entries(),
      robustness: this.robustness ? this.robustness.snapshot() : null,
    });
    this.lastCheckpoint = performance.now();
  }
}

/** The reference's clean detections as the truth of the image's perturbed versions. */
function cleanReferenceTruth(evaluation: ImageEvaluation): ImageFacts['truth'] {
  const detection = evaluation.outputs.find((o) => o.detection)?.detection;
  return detection ? { source: 'clean reference', boxes: detection.reference.map((d) => ({ box: d.box, class: d.class })) } : null;
}

/** One candidate's part of an image's result. */
function imageResultOf(evaluation: ImageEvaluation): CandidateImageResult {
  return {
    candidate: { topK: evaluation.candidateTopK },
    outputs: evaluation.outputs,
    disagreement: evaluation.disagreement,
    candidateCorrect: evaluation.correctness?.candidate ?? null,
  };
}

/** Warms every model, then compares every image of the run (continuing a checkpoint when there is one). */
export async function compareImages(
  run: RunFolder,
  images: RunImages,
  pair: ModelPair,
  more: FurtherCandidates | null,
  ctx: JobContext,
): Promise<ComparedImages> {
  ctx.progress('warming up', 0, 1);
  await pair.warm(images.spec);
  await more?.warm(images.spec);
  const robustness = await RobustnessRun.start(run.params, images.spec, ctx, more?.count ?? 0);
  const loop = new ImageLoop(run, images, pair, more, robustness, ctx);
  if (run.checkpoint) loop.restore(run.checkpoint);
  return loop.compareAll();
}
