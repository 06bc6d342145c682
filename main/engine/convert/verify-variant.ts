/**
 * The checks every converted file passes before it replaces anything: it loads in onnxruntime-node with graph
 * optimizations off (plain ONNX semantics) and at level 'all' (how Parity runs it), its outputs have the source's
 * shapes on a real input, and — when asked — a short interleaved timing against the source on this CPU.
 */
import os from 'node:os';
import { ParityError } from '../../../shared/errors.js';
import type { ImageTensor } from '../images/index.js';
import { ms, timeInTurns } from '../bench/runs-in-turns.js';
import { createCpuSession, ortWords, type CpuSession, type TensorValue } from '../infer/index.js';

export interface TimingInput {
  name: string;
  dtype: 'float32' | 'uint8' | 'int8';
  tensor: ImageTensor;
  /** What the input is, for the manifest ("the first calibration image", …). */
  description: string;
}

export interface SpeedMeasurement {
  speedup: number;
  sourceMedianMs: number;
  outputMedianMs: number;
  runs: number;
  threads: number;
  input: string;
}

export interface VerifyOptions {
  /** Least number of interleaved timed runs per model (0: no timing). */
  runs: number;
  /** Keep timing (up to maxRuns) until both models together ran this long, so fast models get enough runs. */
  minTotalMs: number;
  maxRuns: number;
  threads: number | null;
  /** Save the variant's graph as ONNX Runtime optimizes it at level 'all' (for the fusion check). */
  optimizedModelPath?: string;
}

/**
 * Sessions that do not spin-wait: the two models run in turns, and one's threads spinning after its run would take
 * the cores from the other's (on 2 cores, the channel guard's timing, which had the same fault, saw an ImageNet MobileNetV2
 * at 17.7 ms instead of 7.8 ms and its guard's 1.4× slowdown as 1.14×).
 */
async function open(file: string, level: 'disabled' | 'all', threads: number, optimizedModelPath?: string): Promise<CpuSession> {
  return createCpuSession(file, { optimizationLevel: level, intraOpThreads: threads, optimizedModelPath, spinning: false, quiet: true });
}

function broken(output: string, detail: string): ParityError {
  return new ParityError('INTERNAL', `The converted model ${output} failed its final check: ${detail}`, 'Please report this with the model; nothing was written.');
}

/** Loads the variant both ways, compares output shapes with the source's and times both; throws INTERNAL if broken. */
export async function verifyVariant(source: string, output: string, input: TimingInput | null, options: VerifyOptions): Promise<SpeedMeasurement | null> {
  const threads = options.threads ?? os.availableParallelism();
  try {
    await (await open(output, 'disabled', 1)).release();
  } catch (error) {
    throw broken(output, `ONNX Runtime refuses it without optimizations: ${ortWords(error)}`);
  }
  let variant: CpuSession;
  try {
    variant = await open(output, 'all', threads, options.optimizedModelPath);
  } catch (error) {
    throw broken(output, `ONNX Runtime refuses it at level 'all': ${ortWords(error)}`);
  }
  if (input === null) {
    await variant.release();
    return null;
  }
  const reference = await open(source, 'all', threads);
  try {
    const feed = { [input.name]: { dtype: input.dtype, data: input.tensor.data, dims: input.tensor.dims } };
    const ref = await reference.run(feed);
    let out: Record<string, TensorValue>;
    try {
      out = await variant.run(feed);
    } catch (error) {
      throw broken(output, `it fails to run: ${ortWords(error)}`);
    }
    for (const [name, value] of Object.entries(ref)) {
      const got = out[name];
      if (got === undefined) throw broken(output, `output ${name} is missing`);
      if (got.dims.join('x') !== value.dims.join('x')) throw broken(output, `output ${name} has shape [${got.dims.join(', ')}] instead of [${value.dims.join(', ')}]`);
      if (got.dtype !== value.dtype) throw broken(output, `output ${name} is ${got.dtype} instead of ${value.dtype}`);
    }
    if (options.runs <= 0) return null;
    // Interleaved, the order alternating, so drifts in clock speed hit both alike.
    const turns = { minRounds: options.runs, minTotalMs: options.minTotalMs, maxRounds: options.maxRuns, fewestRounds: options.runs, maxTotalMs: Infinity };
    const { medians, rounds } = await timeInTurns([reference, variant], feed, turns);
    const [sourceMedianMs, outputMedianMs] = medians as [number, number];
    return { speedup: sourceMedianMs / outputMedianMs, sourceMedianMs, outputMedianMs, runs: rounds, threads, input: input.description };
  } finally {
    await Promise.all([reference.release(), variant.release()]);
  }
}

/** A plain sentence about the measured speed, saying so when the variant is slower. */
export function speedNote(speed: SpeedMeasurement): string {
  const detail = `median ${ms(speed.outputMedianMs)} ms vs ${ms(speed.sourceMedianMs)} ms for the source, ${speed.runs} interleaved runs each on ${speed.input}, ${speed.threads} thread(s), ONNX Runtime level 'all'`;
  // Within ±10% a short timing on a shared machine cannot tell the two apart.
  if (speed.speedup >= 1.1) return `Faster than the source on this CPU: ${speed.speedup.toFixed(2)}× its speed (${detail}).`;
  if (speed.speedup > 0.9) return `About as fast as the source on this CPU (${speed.speedup.toFixed(2)}×, within measurement noise; ${detail}).`;
  return `Slower than the source on this CPU: ${speed.speedup.toFixed(2)}× its speed, i.e. ${(1 / speed.speedup).toFixed(2)}× the time per image (${detail}).`;
}
