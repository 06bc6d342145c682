/**
 * The candidates of a run after the first: each a ModelSide checked against the reference like the pair's own
 * candidate, fed the tensor the pair already ran (so the reference runs once per image for every candidate).
 */
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { RgbImage } from '../../images/index.js';
import type { TensorInput, TensorOutput } from '../../infer/model-session.js';
import { LocalModelSide, type FeedKey, type ModelSide } from './model-side.js';
import { warmUpTensor, type ModelPair } from './model-pair.js';
import { assertModelsCorrespond } from './signatures.js';

/** One further candidate's outputs on an input, and how long it took. */
export interface CandidateRun {
  outputs: Record<string, TensorOutput>;
  ms: number;
}

export class FurtherCandidates {
  private constructor(
    private readonly pair: ModelPair,
    readonly sides: readonly ModelSide[],
  ) {}

  /** Opens every file as a local model and checks it corresponds to the pair's reference; all or none stay open. */
  static async openLocal(pair: ModelPair, files: readonly string[], threads: number | null): Promise<FurtherCandidates> {
    const sides: ModelSide[] = [];
    try {
      for (const file of files) {
        const side = await LocalModelSide.open(file, threads);
        sides.push(side);
        side.bindTo(pair.reference.signature, 'candidate');
        assertModelsCorrespond(pair.reference.signature, side.signature, side.reads === 'image');
      }
      return new FurtherCandidates(pair, sides);
    } catch (error) {
      await Promise.all(sides.map((s) => s.release()));
      throw error;
    }
  }

  get count(): number {
    return this.sides.length;
  }

  /** Readies every side for timed runs, as the pair does its own. */
  async warm(spec: PreprocessSpec): Promise<void> {
    const zeros = warmUpTensor(spec);
    for (const side of this.sides) await side.warm(this.pair.inputName, zeros);
  }

  /** Whether a further candidate reads the whole decoded image (a bundle). */
  get readsImages(): boolean {
    return this.sides.some((side) => side.reads === 'image');
  }

  /** Feeds `tensor` (or, to a side that reads it, the image) to every further candidate in turn. */
  async run(tensor: TensorInput, key: FeedKey, image: RgbImage): Promise<CandidateRun[]> {
    const runs: CandidateRun[] = [];
    for (const side of this.sides) {
      const t0 = performance.now();
      const outputs = await side.run(this.pair.inputName, tensor, key, image);
      runs.push({ outputs, ms: performance.now() - t0 });
    }
    return runs;
  }

  async release(): Promise<void> {
    await Promise.all(this.sides.map((s) => s.release()));
  }
}
