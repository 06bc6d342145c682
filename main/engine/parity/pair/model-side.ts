/**
 * One side of a comparison: something that turns the input tensor of an image into output tensors. A local ONNX
 * model run by ONNX Runtime (here), a serving endpoint (serving/endpoint-side.ts) or a folder of outputs saved by
 * another framework (saved-outputs-side.ts), which looks outputs up by the feed's key instead of computing them.
 */
import { promises as fs } from 'node:fs';
import { ParityError } from '../../../../shared/errors.js';
import { ModelSession, type TensorInput, type TensorOutput } from '../../infer/model-session.js';
import type { ModelSource } from '../../../../shared/report/model-source.js';
import type { ModelSignature } from './signatures.js';

/** Which image a feed is, and under which perturbation: what saved or remote outputs are keyed by. */
export interface FeedKey {
  /** The image's path relative to the images folder. */
  relPath: string;
  perturbation: { name: string; severity: number } | null;
}

export interface ModelSide {
  /** What the side is, for messages and the report (a model file's path). */
  readonly source: string;
  /** Inputs and outputs as the side declares them (no inputs: the side does not read the tensor). */
  readonly signature: ModelSignature;
  /** What the side is, for the report. */
  readonly origin: ModelSource;
  /** Whether run() does the side's work, so that its time is its latency (saved outputs are only read). */
  readonly timed: boolean;
  /**
   * Called once both sides are open, before they are checked to correspond: a side that does not know its tensors'
   * names (saved .npy files, a server without metadata) takes the other side's where that is unambiguous, and a
   * side whose dtypes or shapes cannot be compared with the other's refuses here, naming both.
   */
  bindTo?(counterpart: ModelSignature, role: 'reference' | 'candidate'): void;
  /** The outputs for one input, every output as float32. */
  run(inputName: string, tensor: TensorInput, key: FeedKey): Promise<Record<string, TensorOutput>>;
  /** Readies the side for timed runs (a local model's first, slow inference); a side with nothing to warm returns. */
  warm(inputName: string, tensor: TensorInput): Promise<void>;
  release(): Promise<void>;
}

/** A local ONNX model in an ONNX Runtime CPU session. */
export class LocalModelSide implements ModelSide {
  private constructor(
    private readonly session: ModelSession,
    readonly signature: ModelSignature,
  ) {}

  /** Opens `file` (checked by Parity's reader first); a missing file is BAD_OPTION. */
  static async open(file: string, threads: number | null): Promise<LocalModelSide> {
    await fs.access(file).catch(() => {
      throw new ParityError('BAD_OPTION', `Model not found: ${file}`, 'Check the path.');
    });
    // Two sessions alternate and sharp decodes the next image meanwhile: no spin-waiting threads.
    const session = await ModelSession.open(file, { threads, optimizationLevel: 'all', spinning: false });
    return new LocalModelSide(session, session.signature());
  }

  readonly origin: ModelSource = { kind: 'onnx' };
  readonly timed = true;

  get source(): string {
    return this.session.path;
  }

  run(inputName: string, tensor: TensorInput): Promise<Record<string, TensorOutput>> {
    return this.session.run({ [inputName]: tensor });
  }

  async warm(inputName: string, tensor: TensorInput): Promise<void> {
    await this.session.run({ [inputName]: tensor });
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
