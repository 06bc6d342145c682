/**
 * The performance section of a compare report: the reference and the candidate benchmarked by the same code as
 * `parity bench`, fed a bounded sample of the tensors the comparison itself fed them.
 */
import os from 'node:os';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { SummaryMetrics } from '../../../shared/report/metrics.js';
import type { BenchmarkResult, PerformanceSection } from '../../../shared/report/performance-section.js';
import type { PerturbationResult } from '../../../shared/report/robustness-section.js';
import type { JobContext } from '../jobs/context.js';
import type { ImageData, InputSet } from './bench-inputs.js';
import { performanceHeadline } from './headline.js';
import { measureModels } from './measure-models.js';
import { readBenchModels } from './model-facts.js';

/** Interleaved timed runs per model in a compare report unless the caller asks for another number. */
export const COMPARE_BENCH_RUNS = 20;
export const COMPARE_BENCH_WARMUP = 3;

/** Copies of at most `maxCount` tensors (and `maxBytes` together), the first ones offered. */
export class BenchTensorSample {
  private readonly kept: ImageData[] = [];
  private bytes = 0;

  constructor(
    readonly maxCount = 32,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** Keeps a copy of the tensor while there is room (the caller may reuse its buffer). */
  offer(data: ImageData): void {
    if (this.kept.length >= this.maxCount || this.bytes + data.byteLength > this.maxBytes) return;
    this.kept.push(data.slice());
    this.bytes += data.byteLength;
  }

  get tensors(): readonly ImageData[] {
    return this.kept;
  }
}

export interface ComparePerformanceArgs {
  reference: string;
  /** Every candidate of the run: all models are timed interleaved in one benchmark. */
  candidates: readonly string[];
  spec: PreprocessSpec;
  imagesRoot: string;
  sample: BenchTensorSample;
  /** Intra-op threads of the comparison; null = all cores. */
  threads: number | null;
  runs?: number;
}

/** Benchmarks reference and candidate on the sampled tensors; null when no tensor was kept. */
export async function benchComparedModels(args: ComparePerformanceArgs, ctx: JobContext): Promise<BenchmarkResult | null> {
  const tensors = [...args.sample.tensors];
  if (tensors.length === 0) return null;
  const { spec } = args;
  const { models } = await readBenchModels([args.reference, ...args.candidates], {
    width: spec.width,
    height: spec.height,
    layout: spec.layout,
  });
  const dims = spec.layout === 'NCHW' ? [1, 3, spec.height, spec.width] : [1, spec.height, spec.width, 3];
  const inputs: InputSet = {
    spec,
    tensors,
    dims,
    info: {
      source: 'images',
      count: tensors.length,
      root: args.imagesRoot,
      seed: null,
      shape: dims,
      dtype: spec.dtype,
      note: `${tensors.length} of the compared images, preprocessed as in the comparison`,
    },
  };
  return measureModels(
    models,
    inputs,
    {
      threads: [args.threads ?? os.availableParallelism()],
      batch: [1],
      runs: args.runs ?? COMPARE_BENCH_RUNS,
      warmup: COMPARE_BENCH_WARMUP,
      resamples: 2000,
      seed: 1,
    },
    ctx,
  );
}

/**
 * The report section of candidate `index` (0: the first): the reference and that candidate out of the run's one
 * benchmark, and its headline (perturbation figures used when the report has them).
 */
export function performanceSection(
  benchmark: BenchmarkResult,
  clean: SummaryMetrics,
  perturbations?: readonly PerturbationResult[],
  index = 0,
): PerformanceSection {
  const comparison = benchmark.comparisons[index]!;
  const models = [benchmark.models[0]!, benchmark.models[index + 1]!];
  return { headline: performanceHeadline(comparison, clean, perturbations), benchmark: { ...benchmark, models, comparisons: [comparison] } };
}
