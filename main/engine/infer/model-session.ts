/** An ONNX Runtime CPU session with the options the product exposes, and float views of its outputs. */
import os from 'node:os';
import { fromFloat16Array, readModel } from '../onnx/index.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { createCpuSession, type CpuSession, type GraphOptimizationLevel } from './create-session.js';
import type { TensorInput, TensorOutput, TensorValue } from './tensors.js';

export type { GraphOptimizationLevel } from './create-session.js';
export type { TensorInput, TensorOutput } from './tensors.js';

export interface SessionSettings {
  /** Intra-op threads; null = all logical cores. */
  threads: number | null;
  optimizationLevel: GraphOptimizationLevel;
  /** Write the optimized graph here (ORT's optimizedModelFilePath). */
  optimizedModelPath?: string;
  /**
   * Skip Parity's own validation of the file before ONNX Runtime parses it. Only for models Parity itself just
   * wrote; a user's file is always checked first, so that a hostile model gets a BAD_MODEL message instead of a
   * chance to crash the runtime.
   */
  trusted?: boolean;
  /**
   * Let idle intra-op threads spin-wait for the next run (ONNX Runtime's default). Off when two sessions alternate
   * or other work shares the cores (the compare pipeline decodes the next image meanwhile): spinning threads would
   * take the cores from it.
   */
  spinning?: boolean;
}

export class ModelSession {
  private constructor(
    readonly path: string,
    private readonly session: CpuSession,
  ) {}

  /** Creates the session; failures become ORT_ERROR ParityErrors naming the model. */
  static async open(modelPath: string, settings: SessionSettings): Promise<ModelSession> {
    if (!settings.trusted) await readModel(modelPath);
    const session = await createCpuSession(modelPath, {
      intraOpThreads: settings.threads ?? os.availableParallelism(),
      optimizationLevel: settings.optimizationLevel,
      spinning: settings.spinning !== false,
      optimizedModelPath: settings.optimizedModelPath,
    });
    return new ModelSession(modelPath, session);
  }

  /** Wall time of creating the session. */
  get createMs(): number {
    return this.session.createMs;
  }

  /**
   * A session over model bytes held in memory (a modified copy Parity made); errors name it as `describedAs` (e.g.
   * "the copy of cand.onnx with its intermediate tensors as outputs, held as").
   */
  static async fromBytes(bytes: Uint8Array, describedAs: string, settings: Omit<SessionSettings, 'trusted' | 'optimizedModelPath'> & { memoryArena?: boolean }): Promise<ModelSession> {
    const session = await createCpuSession(bytes, {
      intraOpThreads: settings.threads ?? os.availableParallelism(),
      optimizationLevel: settings.optimizationLevel,
      spinning: settings.spinning !== false,
      quiet: true,
      describedAs,
      ...(settings.memoryArena === false ? { memoryArena: false } : {}),
    });
    return new ModelSession(session.path, session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the model; every output is returned as float32. */
  async run(feeds: Record<string, TensorInput>, outputNames?: readonly string[]): Promise<Record<string, TensorOutput>> {
    const results = await this.session.run(feeds, outputNames);
    const out: Record<string, TensorOutput> = {};
    for (const [name, value] of Object.entries(results)) out[name] = { data: toFloat32(value), dims: value.dims, dtype: value.dtype };
    return out;
  }

  /** Inputs and outputs as ONNX Runtime sees them: symbolic dims by name, unknown dims as null. */
  signature(): { inputs: TensorSignature[]; outputs: TensorSignature[] } {
    return { inputs: this.session.inputs(), outputs: this.session.outputs() };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function toFloat32(value: TensorValue): Float32Array {
  const data = value.data;
  if (data instanceof Float32Array) return data;
  if (value.dtype === 'float16' && data instanceof Uint16Array) return fromFloat16Array(data);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  if (ArrayBuffer.isView(data)) return Float32Array.from(data as unknown as ArrayLike<number>);
  throw new Error(`output of type ${value.dtype} cannot be compared numerically`);
}
