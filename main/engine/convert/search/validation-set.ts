/**
 * The validation images as the search feeds them: each decoded and preprocessed once, run through the original
 * model once, and — within a memory budget — its tensor and the original's outputs kept for every candidate (past
 * the budget they are made again). Perturbed versions (`--target-perturb`) are made from the fitted image as compare
 * makes them. A candidate is measured through the compare pipeline's own functions: the output plan fixed on the
 * first image, a PairEvaluator per candidate (and per perturbation) for the summary a gate reads.
 */
import { CompareParamsSchema } from '../../../../shared/contract/jobs/compare.js';
import type { SearchRequest } from '../../../../shared/contract/jobs/convert-search.js';
import { ParityError } from '../../../../shared/errors.js';
import type { PerturbationName, Severity } from '../../../../shared/perturbations/index.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { decodeFitted, toTensor, type ImageEntry, type ImageTensor, type RgbImage } from '../../images/index.js';
import type { ModelSession, TensorInput, TensorOutput } from '../../infer/model-session.js';
import type { JobContext } from '../../jobs/context.js';
import { streamTensors } from '../../images/stream-tensors.js';
import { PairEvaluator, planOutputs } from '../../parity/evaluate/index.js';
import { imageDigest, MIN_PERTURB_SIDE, perturbImage } from '../../perturb/index.js';
import type { ValidationImages } from './validation-images.js';

/** Tensors and original outputs kept in memory, at most; beyond, items are made again for each candidate. */
const CACHE_BYTES = 512 * 1024 * 1024;

interface Item {
  entry: ImageEntry;
  labelIndex: number | null;
  /** null: not cached (made again on demand). */
  clean: { tensor: ImageTensor; reference: Record<string, TensorOutput> } | null;
  perturbed: Map<string, { tensor: ImageTensor; reference: Record<string, TensorOutput> }> | null;
}

export interface CandidateMeasurement {
  /** null: not measured. */
  clean: SummaryMetrics | null;
  /** Per "name|severity" when asked for (null: not measured). */
  perturbed: Map<string, SummaryMetrics> | null;
}

function bytesOf(tensor: ImageTensor, outputs: Record<string, TensorOutput>): number {
  return tensor.data.byteLength + Object.values(outputs).reduce((s, o) => s + o.data.byteLength, 0);
}

export class ValidationSet {
  private cachedBytes = 0;

  private constructor(
    private readonly original: ModelSession,
    private readonly inputName: string,
    private readonly spec: PreprocessSpec,
    private readonly request: SearchRequest,
    private readonly items: Item[],
    readonly plan: OutputDescription[],
    readonly classes: string[] | null,
    readonly skipped: Array<{ path: string; reason: string }>,
  ) {}

  /** Decodes every validation image, runs the original on it (and on its perturbed versions), keeps what fits. */
  static async build(original: ModelSession, inputName: string, spec: PreprocessSpec, images: ValidationImages, request: SearchRequest, ctx: JobContext): Promise<ValidationSet> {
    if (request.perturb.length > 0 && (spec.width < MIN_PERTURB_SIDE || spec.height < MIN_PERTURB_SIDE)) {
      throw new ParityError('BAD_OPTION', `The model's input is ${spec.width}×${spec.height} pixels; perturbations need at least ${MIN_PERTURB_SIDE}×${MIN_PERTURB_SIDE}.`, 'Search without --target-perturb.');
    }
    const items: Item[] = [];
    const skipped: Array<{ path: string; reason: string }> = [];
    let plan: OutputDescription[] | null = null;
    let set: ValidationSet | null = null;
    for await (const { entry, image, tensor } of streamTensors(images.entries, spec, ctx, 'running the original on the validation images', skipped)) {
      const reference = await original.run({ [inputName]: ValidationSet.feedOf(tensor, spec) });
      plan ??= planOutputs(original.signature().outputs, reference, COMPARE_DEFAULTS);
      set ??= new ValidationSet(original, inputName, spec, request, items, plan, images.classes, skipped);
      const item: Item = { entry, labelIndex: images.classes && entry.label !== null ? images.classes.indexOf(entry.label) : null, clean: null, perturbed: null };
      if (set.fits(bytesOf(tensor, reference))) item.clean = { tensor, reference };
      if (request.perturb.length > 0) item.perturbed = await set.perturbedOf(image, true);
      items.push(item);
    }
    if (set === null || items.length === 0) {
      throw new ParityError('NO_IMAGES', `None of the ${images.entries.length} validation images could be decoded.`, `First reason: ${skipped[0]?.reason ?? 'unknown'}`);
    }
    return set;
  }

  get count(): number {
    return this.items.length;
  }

  /** The first validation image as the model's input (for timing). */
  async firstInput(): Promise<TensorInput> {
    const first = this.items[0]!;
    const tensor = first.clean?.tensor ?? toTensor(await decodeFitted(first.entry.absPath, this.spec), this.spec);
    return ValidationSet.feedOf(tensor, this.spec);
  }

  private static feedOf(tensor: ImageTensor, spec: PreprocessSpec): TensorInput {
    return { data: tensor.data, dims: tensor.dims, dtype: spec.dtype };
  }

  private fits(bytes: number): boolean {
    if (this.cachedBytes + bytes > CACHE_BYTES) return false;
    this.cachedBytes += bytes;
    return true;
  }

  private get units(): Array<{ name: PerturbationName; severity: Severity; key: string }> {
    return this.request.perturb.map((name) => ({ name, severity: this.request.severity, key: `${name}|${this.request.severity}` }));
  }

  /** The perturbed versions of one fitted image with the original's outputs (cached when `keep` and they fit). */
  private async perturbedOf(image: RgbImage, keep: boolean): Promise<Map<string, { tensor: ImageTensor; reference: Record<string, TensorOutput> }>> {
    const out = new Map<string, { tensor: ImageTensor; reference: Record<string, TensorOutput> }>();
    const digest = imageDigest(image);
    for (const unit of this.units) {
      const perturbed = await perturbImage(image, { name: unit.name, severity: unit.severity, seed: this.request.perturbSeed }, digest);
      const tensor = toTensor(perturbed, this.spec);
      const reference = await this.original.run({ [this.inputName]: ValidationSet.feedOf(tensor, this.spec) });
      if (!keep || this.fits(bytesOf(tensor, reference))) out.set(unit.key, { tensor, reference });
    }
    return out;
  }

  /** Measures `candidate` on the clean validation images and/or their perturbed versions. */
  async measure(candidate: ModelSession, which: { clean: boolean; perturbed: boolean }, ctx: JobContext): Promise<CandidateMeasurement> {
    const perturbed = which.perturbed && this.units.length > 0;
    const options = { threshold: this.request.threshold, topK: COMPARE_DEFAULTS.topK, classes: this.classes };
    const clean = new PairEvaluator(this.plan, options);
    const under = new Map(this.units.map((u) => [u.key, new PairEvaluator(this.plan, options)]));
    const add = async (evaluator: PairEvaluator, tensor: ImageTensor, reference: Record<string, TensorOutput>, item: Item): Promise<void> => {
      const out = await candidate.run({ [this.inputName]: ValidationSet.feedOf(tensor, this.spec) });
      evaluator.add(reference, out, item.labelIndex);
    };
    for (const item of this.items) {
      ctx.throwIfCancelled();
      let image: RgbImage | null = null;
      if (which.clean) {
        let clean0 = item.clean;
        if (clean0 === null) {
          image = await decodeFitted(item.entry.absPath, this.spec);
          const tensor = toTensor(image, this.spec);
          clean0 = { tensor, reference: await this.original.run({ [this.inputName]: ValidationSet.feedOf(tensor, this.spec) }) };
        }
        await add(clean, clean0.tensor, clean0.reference, item);
      }
      if (!perturbed) continue;
      let versions = item.perturbed ?? new Map();
      if (versions.size < this.units.length) {
        image ??= await decodeFitted(item.entry.absPath, this.spec);
        versions = new Map([...(await this.perturbedOf(image, false)), ...versions]);
      }
      for (const unit of this.units) {
        const v = versions.get(unit.key)!;
        await add(under.get(unit.key)!, v.tensor, v.reference, item);
      }
    }
    return {
      clean: which.clean ? clean.summary().overall : null,
      perturbed: perturbed ? new Map([...under].map(([k, acc]) => [k, acc.summary().overall])) : null,
    };
  }
}

/** Compare's defaults (tolerances of the allclose figures, top-k), so a search measures as `parity compare` does. */
const COMPARE_DEFAULTS = CompareParamsSchema.parse({ reference: '-', images: '-', runDir: '-' });
