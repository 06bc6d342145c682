/**
 * An ONNX Runtime session as a benchmark drives it: created with the options under test, run with the caller's
 * tensors, outputs dropped unread (as onnxruntime_perf_test does), failures turned into ORT_ERROR ParityErrors that
 * keep ONNX Runtime's words, which name the failing node.
 */
import ort from 'onnxruntime-node';
import type { TensorInput } from '../infer/model-session.js';
import { ortError } from '../infer/ort-errors.js';
import { createCpuSession } from '../infer/create-session.js';

export interface BenchSessionOptions {
  threads: number;
  /**
   * Whether idle intra-op threads spin-wait for work (ONNX Runtime's default). Off while models run interleaved:
   * one session's spinning threads would take the cores from the other session's run, which no single-model
   * deployment sees.
   */
  spinning: boolean;
}

export class BenchSession {
  private constructor(
    readonly path: string,
    private readonly session: ort.InferenceSession,
    /** Wall time of creating the session (loading, graph optimisation, kernel setup). */
    readonly createMs: number,
  ) {}

  /** Creates a CPU session at graph optimisation level 'all' with the given intra-op threads. */
  static async open(modelPath: string, options: BenchSessionOptions): Promise<BenchSession> {
    const { session, createMs } = await createCpuSession(modelPath, { intraOpThreads: options.threads, optimizationLevel: 'all', spinning: options.spinning });
    return new BenchSession(modelPath, session, createMs);
  }

  /** Runs the model once on one input and discards the outputs. */
  async run(inputName: string, feed: TensorInput): Promise<void> {
    try {
      await this.session.run({ [inputName]: new ort.Tensor(feed.dtype, feed.data, feed.dims) });
    } catch (error) {
      throw ortError('run', this.path, error);
    }
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
