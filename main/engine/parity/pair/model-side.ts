/**
 * One side of a comparison: something that turns the input tensor of an image into output tensors. A local ONNX
 * model run by ONNX Runtime (here), a serving endpoint (serving/endpoint-side.ts) or a folder of outputs saved by
 * another framework (saved-outputs-side.ts), which looks outputs up by the feed's key instead of computing them.
 * A side may read the image the tensor was made from instead (a bundle preprocesses the decoded image inside its
 * graph).
 */
import { promises as fs } from 'node:fs';
import { ParityError } from '../../../../shared/errors.js';
import type { RgbImage } from '../../images/index.js';
import { ModelSession, type TensorInput, type TensorOutput } from '../../infer/model-session.js';
import type { ModelSource } from '../../../../shared/report/model-source.js';
import { blankImageLike, decodedImageInput, imageTensor } from './decoded-image-input.js';
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
  /**
   * What run() reads: the tensor (the default), or the image; a side that reads the image is checked against the
   * other side on its outputs only.
   */
  readonly reads?: 'tensor' | 'image';
  /**
   * The outputs for one input, every output as float32. `image` is what the tensor was made from: the whole
   * decoded image for a clean feed, the perturbed image at the model's size for a perturbed one.
   */
  run(inputName: string, tensor: TensorInput, key: FeedKey, image?: RgbImage): Promise<Record<string, TensorOutput>>;
  /** Readies the side for timed runs (a local model's first, slow inference); a side with nothing to warm returns. */
  warm(inputName: string, tensor: TensorInput): Promise<void>;
  release(): Promise<void>;
}

/** A local ONNX model in an ONNX Runtime CPU session. */
export class LocalModelSide implements ModelSide {
  /** The input fed the decoded image, when this candidate takes one and the reference does not (a bundle). */
  private imageInput: string | null = null;

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

  get reads(): 'tensor' | 'image' {
    return this.imageInput === null ? 'tensor' : 'image';
  }

  /** A candidate that takes the decoded image where the reference takes a tensor is fed the image. */
  bindTo(counterpart: ModelSignature, role: 'reference' | 'candidate'): void {
    if (role === 'candidate') this.imageInput = decodedImageInput(this.signature, counterpart);
  }

  readonly origin: ModelSource = { kind: 'onnx' };
  readonly timed = true;

  get source(): string {
    return this.session.path;
  }

  run(inputName: string, tensor: TensorInput, _key: FeedKey, image?: RgbImage): Promise<Record<string, TensorOutput>> {
    if (this.imageInput !== null) {
      if (!image) throw new ParityError('BAD_OPTION', `${this.source} takes the decoded image, which this measurement does not feed.`, 'Compare the bundle against a local model file.');
      return this.session.run({ [this.imageInput]: imageTensor(image) });
    }
    return this.session.run({ [inputName]: tensor });
  }

  async warm(inputName: string, tensor: TensorInput): Promise<void> {
    if (this.imageInput !== null) await this.session.run({ [this.imageInput]: imageTensor(blankImageLike(tensor)) });
    else await this.session.run({ [inputName]: tensor });
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
