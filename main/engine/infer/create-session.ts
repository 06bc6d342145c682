/**
 * The engine's one way in to ONNX Runtime: every session is created, run and released here, with the engine's CPU
 * settings, and every ORT failure comes out as an ORT_ERROR ParityError. Nothing outside infer/ imports
 * onnxruntime-node (the lint rule `parity/ort-seam` enforces it).
 */
import ort from 'onnxruntime-node';
import type { TensorSignature } from '../../../shared/model-info.js';
import { withinNativeCall } from './native-calls.js';
import { ortError } from './ort-errors.js';
import type { TensorInput, TensorValue } from './tensors.js';

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface CpuSessionOptions {
  /** Intra-op threads; 0 leaves the choice to ONNX Runtime (one per physical core). */
  intraOpThreads: number;
  optimizationLevel: GraphOptimizationLevel;
  /** Whether idle intra-op threads spin-wait for the next run (ONNX Runtime's default: true). */
  spinning?: boolean;
  /** Write the optimized graph here (ORT's optimizedModelFilePath). */
  optimizedModelPath?: string | undefined;
  /** With optimizedModelPath: tensors of at least minBytes go to this external-data file next to it. */
  optimizedExternalData?: { fileName: string; minBytes: number } | undefined;
  /** Only errors in ONNX Runtime's log: for sessions on models Parity wrote itself, whose warnings mean nothing to a user. */
  quiet?: boolean;
  /** How error messages name the model before its path, e.g. "the calibration copy of" (default: the path alone). */
  describedAs?: string;
  /**
   * Keep ORT's CPU memory arena and memory pattern (default true). Off for sessions that fetch many large
   * intermediate tensors: memory is then returned after each run instead of staying reserved at its peak.
   */
  memoryArena?: boolean;
}

/** A CPU inference session: inputs and outputs as plain typed arrays, failures as ORT_ERROR ParityErrors. */
export class CpuSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** The model file, or a description of an in-memory model. */
    readonly path: string,
    private readonly describedAs: string,
    /** Wall time of creating the session (loading, graph optimisation, kernel setup). */
    readonly createMs: number,
  ) {}

  /** Creates the session; `model` is a file path or the bytes of a model built in memory. */
  static async open(model: string | Uint8Array, options: CpuSessionOptions): Promise<CpuSession> {
    const name = typeof model === 'string' ? model : 'an in-memory model';
    const describedAs = options.describedAs ? `${options.describedAs} ` : '';
    const started = performance.now();
    let session: ort.InferenceSession;
    try {
      session = await withinNativeCall(`load ${name}`, () =>
        typeof model === 'string' ? ort.InferenceSession.create(model, sessionOptions(options)) : ort.InferenceSession.create(model, sessionOptions(options)),
      );
    } catch (error) {
      throw ortError(`load ${describedAs}`.trimEnd(), name, error);
    }
    return new CpuSession(session, name, describedAs, performance.now() - started);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Inputs as ONNX Runtime sees them: symbolic dims by name, unknown dims as null. */
  inputs(): TensorSignature[] {
    return this.session.inputMetadata.map(signatureOf);
  }

  /** Outputs as ONNX Runtime inferred them (types and shapes of every graph output). */
  outputs(): TensorSignature[] {
    return this.session.outputMetadata.map(signatureOf);
  }

  /** Runs the model on `feeds`; returns the outputs asked for (default: all) as ONNX Runtime produced them. */
  async run(feeds: Readonly<Record<string, TensorInput>>, outputNames?: readonly string[]): Promise<Record<string, TensorValue>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, input] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(input.dtype, input.data, input.dims);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await withinNativeCall(`run ${this.path}`, () => (outputNames ? this.session.run(ortFeeds, [...outputNames]) : this.session.run(ortFeeds)));
    } catch (error) {
      throw ortError(`run ${this.describedAs}`.trimEnd(), this.path, error);
    }
    const out: Record<string, TensorValue> = {};
    for (const [name, tensor] of Object.entries(results)) out[name] = { data: tensor.data, dims: [...tensor.dims], dtype: tensor.type };
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** One intra-op pool, sequential execution, CPU provider; failures become ORT_ERROR ParityErrors naming the model. */
export function createCpuSession(model: string | Uint8Array, options: CpuSessionOptions): Promise<CpuSession> {
  return CpuSession.open(model, options);
}

function sessionOptions(options: CpuSessionOptions): ort.InferenceSession.SessionOptions {
  const result: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.intraOpThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: options.optimizationLevel,
    executionMode: 'sequential',
    executionProviders: ['cpu'],
  };
  if (options.quiet) result.logSeverityLevel = 3;
  if (options.memoryArena === false) {
    result.enableCpuMemArena = false;
    result.enableMemPattern = false;
  }
  if (options.optimizedModelPath) result.optimizedModelFilePath = options.optimizedModelPath;
  const session: Record<string, string | Record<string, string>> = {};
  if (options.spinning === false) session['intra_op'] = { allow_spinning: '0' };
  if (options.optimizedModelPath && options.optimizedExternalData) {
    session['optimized_model_external_initializers_file_name'] = options.optimizedExternalData.fileName;
    session['optimized_model_external_initializers_min_size_in_bytes'] = String(options.optimizedExternalData.minBytes);
  }
  if (Object.keys(session).length > 0) result.extra = { session };
  return result;
}

function signatureOf(meta: ort.InferenceSession.ValueMetadata): TensorSignature {
  if (!meta.isTensor) return { name: meta.name, dtype: 'non-tensor', shape: null };
  return { name: meta.name, dtype: meta.type, shape: meta.shape.map((d) => (typeof d === 'number' ? (d >= 0 ? d : null) : d === '' ? null : d)) };
}
