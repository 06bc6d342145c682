/**
 * The reference and the candidate of a comparison, checked to correspond (same input, same outputs), fed the
 * same tensor and timed side by side. Sides are ModelSide implementations, so either may later be a serving
 * endpoint or saved outputs instead of a local model.
 */
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { TensorInput, TensorOutput } from '../../infer/model-session.js';
import { LocalModelSide, type FeedKey, type ModelSide } from './model-side.js';
import { assertModelsCorrespond } from './signatures.js';

/** Both models' outputs on one input, and how long each took. */
export interface PairRun {
  reference: Record<string, TensorOutput>;
  candidate: Record<string, TensorOutput>;
  referenceMs: number;
  candidateMs: number;
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
      assertModelsCorrespond(reference.signature, candidate.signature);
      return new ModelPair(reference, candidate);
    } catch (error) {
      await Promise.all([reference.release(), candidate?.release()]);
      throw error;
    }
  }

  /** Two local ONNX models, each with `threads` intra-op threads (null: all cores). */
  static openLocal(reference: string, candidate: string, threads: number | null): Promise<ModelPair> {
    return ModelPair.open(
      () => LocalModelSide.open(reference, threads),
      () => LocalModelSide.open(candidate, threads),
    );
  }

  /** The image input both models take (a pair has exactly one). */
  get input(): TensorSignature {
    return this.reference.signature.inputs[0]!;
  }

  /** Runs one zero tensor of the spec's shape through both sides, so that timed runs start warm. */
  async warm(spec: PreprocessSpec): Promise<void> {
    const dims = [1, ...(spec.layout === 'NCHW' ? [3, spec.height, spec.width] : [spec.height, spec.width, 3])];
    const size = dims.reduce((a, b) => a * b, 1);
    const zeros: TensorInput = spec.dtype === 'uint8' ? { data: new Uint8Array(size), dims, dtype: 'uint8' } : { data: new Float32Array(size), dims, dtype: 'float32' };
    await this.reference.warm(this.input.name, zeros);
    await this.candidate.warm(this.input.name, zeros);
  }

  /** Feeds the same tensor to the reference, then the candidate. */
  async run(tensor: TensorInput, key: FeedKey): Promise<PairRun> {
    const t0 = performance.now();
    const reference = await this.reference.run(this.input.name, tensor, key);
    const t1 = performance.now();
    const candidate = await this.candidate.run(this.input.name, tensor, key);
    const t2 = performance.now();
    return { reference, candidate, referenceMs: t1 - t0, candidateMs: t2 - t1 };
  }

  async release(): Promise<void> {
    await Promise.all([this.reference.release(), this.candidate.release()]);
  }
}
