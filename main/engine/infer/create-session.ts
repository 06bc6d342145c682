/** Creates a CPU ONNX Runtime session the way every part of the engine does, timed, with ORT failures typed. */
import ort from 'onnxruntime-node';
import { ortError } from './ort-errors.js';

export interface CpuSessionOptions {
  intraOpThreads: number;
  optimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  /** Whether idle intra-op threads spin-wait for the next run (ONNX Runtime's default: true). */
  spinning: boolean;
  /** Write the optimized graph here (ORT's optimizedModelFilePath). */
  optimizedModelPath?: string | undefined;
}

/** One intra-op pool, sequential execution, CPU provider; failures become ORT_ERROR ParityErrors naming the model. */
export async function createCpuSession(modelPath: string, options: CpuSessionOptions): Promise<{ session: ort.InferenceSession; createMs: number }> {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.intraOpThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: options.optimizationLevel,
    executionMode: 'sequential',
    executionProviders: ['cpu'],
  };
  if (options.optimizedModelPath) sessionOptions.optimizedModelFilePath = options.optimizedModelPath;
  if (!options.spinning) sessionOptions.extra = { session: { intra_op: { allow_spinning: '0' } } };
  const started = performance.now();
  try {
    const session = await ort.InferenceSession.create(modelPath, sessionOptions);
    return { session, createMs: performance.now() - started };
  } catch (error) {
    throw ortError('load', modelPath, error);
  }
}
