/** An ONNX Runtime CPU session with the options the product exposes, and float views of its outputs. */
import os from 'node:os';
import ort from 'onnxruntime-node';
import { ortError } from './ort-errors.js';
import { createCpuSession } from './create-session.js';
import { readModel } from '../onnx/index.js';
import type { TensorSignature } from '../../../shared/model-info.js';

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

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

export interface TensorInput {
  data: Float32Array | Uint8Array | Int8Array | Int32Array | BigInt64Array | Uint16Array;
  dims: readonly number[];
  dtype: 'float32' | 'uint8' | 'int8' | 'int32' | 'int64' | 'float16';
}

export interface TensorOutput {
  /** The output as float32 (converted when the model's output dtype differs), for metrics. */
  data: Float32Array;
  dims: number[];
  dtype: string;
}

export class ModelSession {
  private constructor(
    readonly path: string,
    private readonly session: ort.InferenceSession,
    readonly createMs: number,
  ) {}

  /** Creates the session; failures become ORT_ERROR ParityErrors naming the model. */
  static async open(modelPath: string, settings: SessionSettings): Promise<ModelSession> {
    if (!settings.trusted) await readModel(modelPath);
    const { session, createMs } = await createCpuSession(modelPath, {
      intraOpThreads: settings.threads ?? os.availableParallelism(),
      optimizationLevel: settings.optimizationLevel,
      spinning: settings.spinning !== false,
      optimizedModelPath: settings.optimizedModelPath,
    });
    return new ModelSession(modelPath, session, createMs);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the model; every output is returned as float32. */
  async run(feeds: Record<string, TensorInput>, outputNames?: readonly string[]): Promise<Record<string, TensorOutput>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, input] of Object.entries(feeds)) {
      ortFeeds[name] = new ort.Tensor(input.dtype, input.data, input.dims);
    }
    let results: ort.InferenceSession.ReturnType;
    try {
      results = outputNames ? await this.session.run(ortFeeds, [...outputNames]) : await this.session.run(ortFeeds);
    } catch (error) {
      throw ortError('run', this.path, error);
    }
    const out: Record<string, TensorOutput> = {};
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = { data: toFloat32(tensor), dims: [...tensor.dims], dtype: tensor.type };
    }
    return out;
  }

  /** Inputs and outputs as ONNX Runtime sees them: symbolic dims by name, unknown dims as null. */
  signature(): { inputs: TensorSignature[]; outputs: TensorSignature[] } {
    const convert = (meta: readonly ort.InferenceSession.ValueMetadata[]): TensorSignature[] =>
      meta.map((m) => ({
        name: m.name,
        dtype: m.isTensor ? m.type : 'non-tensor',
        shape: m.isTensor ? m.shape.map((d) => (typeof d === 'number' ? (d >= 0 ? d : null) : d === '' ? null : d)) : null,
      }));
    return { inputs: convert(this.session.inputMetadata), outputs: convert(this.session.outputMetadata) };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function toFloat32(tensor: ort.Tensor): Float32Array {
  const data = tensor.data;
  if (data instanceof Float32Array) return data;
  if (tensor.type === 'float16' && data instanceof Uint16Array) return halfToFloat(data);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  if (ArrayBuffer.isView(data)) return Float32Array.from(data as unknown as ArrayLike<number>);
  throw new Error(`output of type ${tensor.type} cannot be compared numerically`);
}

function halfToFloat(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (frac / 1024);
    else if (exp === 31) out[i] = frac ? NaN : sign * Infinity;
    else out[i] = sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}
