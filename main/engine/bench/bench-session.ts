/**
 * An ONNX Runtime session as a benchmark drives it: created with the options under test, run with the caller's
 * tensors, outputs dropped unread (as onnxruntime_perf_test does), failures turned into ORT_ERROR ParityErrors that
 * keep ONNX Runtime's words, which name the failing node.
 */
import { createCpuSession, type CpuSession, type TensorInput } from '../infer/index.js';

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
  private constructor(private readonly session: CpuSession) {}

  /** Creates a CPU session at graph optimisation level 'all' with the given intra-op threads. */
  static async open(modelPath: string, options: BenchSessionOptions): Promise<BenchSession> {
    return new BenchSession(await createCpuSession(modelPath, { intraOpThreads: options.threads, optimizationLevel: 'all', spinning: options.spinning }));
  }

  get path(): string {
    return this.session.path;
  }

  /** Wall time of creating the session (loading, graph optimisation, kernel setup). */
  get createMs(): number {
    return this.session.createMs;
  }

  /** Runs the model once on one input and discards the outputs. */
  async run(inputName: string, feed: TensorInput): Promise<void> {
    await this.session.run({ [inputName]: feed });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
