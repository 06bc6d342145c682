/**
 * The reference and the candidate of a comparison, checked to correspond (same input, same outputs), fed the
 * same tensor and timed side by side. Sides are ModelSide implementations: a local model, a serving endpoint or
 * saved outputs, each bound to the other before the check so that a side which does not know its tensors' names
 * takes the other's.
 */
import type { TensorSignature } from '../../../../shared/model-info.js';
import { tensorDims, type PreprocessSpec } from '../../../../shared/preprocess.js';
import { zerosTensor, type TensorInput, type TensorOutput } from '../../infer/index.js';
import type { RgbImage } from '../../images/index.js';
import { LocalModelSide, type FeedKey, type ModelSide } from './model-side.js';
import { ParityError } from '../../../../shared/errors.js';
import { describeSource } from '../../../../shared/report/model-source.js';
import { shapeText } from './side-checks.js';
import { assertModelsCorrespond } from './signatures.js';

/** Both models' outputs on one input, and how long each took. */
export interface PairRun {
  reference: Record<string, TensorOutput>;
  candidate: Record<string, TensorOutput>;
  referenceMs: number;
  candidateMs: number;
}

/** A zero tensor of the spec's shape: the untimed first run of every model. */
export function warmUpTensor(spec: PreprocessSpec): TensorInput {
  return zerosTensor(spec.dtype, tensorDims(spec));
}

export class ModelPair {
  private constructor(
    readonly reference: ModelSide,
    readonly candidate: ModelSide,
  ) {}

  /**
   * Opens both sides (the candidate after the reference) and checks that they correspond; on any failure the
   * side already open is released before the error is thrown.
   */
  static async open(openReference: () => Promise<ModelSide>, openCandidate: () => Promise<ModelSide>): Promise<ModelPair> {
    const reference = await openReference();
    let candidate: ModelSide | null = null;
    try {
      candidate = await openCandidate();
      const [refSignature, candSignature] = [reference.signature, candidate.signature];
      reference.bindTo?.(candSignature, 'reference');
      candidate.bindTo?.(refSignature, 'candidate');
      assertModelsCorrespond(reference.signature, candidate.signature, candidate.reads === 'image');
      return new ModelPair(reference, candidate);
    } catch (error) {
      await Promise.all([reference.release(), candidate?.release()]);
      throw error;
    }
  }

  /**
   * Two local ONNX models, each with `threads` intra-op threads (null: all cores). A candidate that takes the
   * decoded image (a bundle) is fed the image instead of the reference's tensor.
   */
  static openLocal(reference: string, candidate: string, threads: number | null): Promise<ModelPair> {
    return ModelPair.open(
      () => LocalModelSide.open(reference, threads),
      () => LocalModelSide.open(candidate, threads),
    );
  }

  /** Whether a side reads the whole decoded image of a clean feed (so the image stream must keep it). */
  get readsImages(): boolean {
    return this.reference.reads === 'image' || this.candidate.reads === 'image';
  }

  /**
   * The image input the pair is fed (a pair has exactly one): the reference's, else the candidate's when the
   * reference reads no tensor (saved outputs); null when neither side declares it (saved outputs against a
   * server without metadata), and the preprocessing spec must then give the size and layout.
   */
  get input(): TensorSignature | null {
    return this.reference.signature.inputs[0] ?? this.candidate.signature.inputs[0] ?? null;
  }

  /** The name the input tensor is fed under. */
  get inputName(): string {
    return this.input?.name ?? 'input';
  }

  /** Runs one zero tensor of the spec's shape through both sides, so that timed runs start warm. */
  async warm(spec: PreprocessSpec): Promise<void> {
    const zeros = warmUpTensor(spec);
    await this.reference.warm(this.inputName, zeros);
    await this.candidate.warm(this.inputName, zeros);
  }

  /** Feeds the same tensor (or, to a side that reads it, the image it was made from) to the reference, then the candidate. */
  async run(tensor: TensorInput, key: FeedKey, image: RgbImage): Promise<PairRun> {
    const t0 = performance.now();
    const reference = await this.reference.run(this.inputName, tensor, key, image);
    const t1 = performance.now();
    const candidate = await this.candidate.run(this.inputName, tensor, key, image);
    const t2 = performance.now();
    this.assertSameShapes(reference, candidate, key);
    return { reference, candidate, referenceMs: t1 - t0, candidateMs: t2 - t1 };
  }

  /** Runs one side alone (the serving pass times each side under concurrent requests). */
  runSide(role: 'reference' | 'candidate', tensor: TensorInput, key: FeedKey): Promise<Record<string, TensorOutput>> {
    return this[role].run(this.inputName, tensor, key);
  }

  /** Every output both sides gave must have the same shape: saved files and servers can differ image by image. */
  private assertSameShapes(reference: Record<string, TensorOutput>, candidate: Record<string, TensorOutput>, key: FeedKey): void {
    for (const [name, ref] of Object.entries(reference)) {
      const cand = candidate[name];
      if (!cand || (ref.dims.length === cand.dims.length && ref.dims.every((d, i) => d === cand.dims[i]))) continue;
      throw new ParityError(
        'MODEL_MISMATCH',
        `Output "${name}" of ${key.relPath} has shape ${shapeText(ref.dims)} from the reference (${describeSource(this.reference.source, this.reference.origin)}) but ${shapeText(cand.dims)} from the candidate (${describeSource(this.candidate.source, this.candidate.origin)}).`,
        'Both sides must give outputs of the same shape for the same image.',
      );
    }
  }

  async release(): Promise<void> {
    await Promise.all([this.reference.release(), this.candidate.release()]);
  }
}
