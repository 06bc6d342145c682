/** How a benchmark measured its figures, stated in the result so a reader can check or reproduce them. */
import type { BenchMethod } from '../../../shared/report/performance-section.js';
import { RSS_SAMPLE_INTERVAL_MS } from './rss-sampler.js';

/** The method record of a benchmark run. */
export function benchMethod(options: { rssSource: BenchMethod['rssSource']; resamples: number; seed: number }): BenchMethod {
  return {
    order:
      'One engine process; ONNX Runtime is first primed with a tiny model so that no benched model pays its one-time start-up. ' +
      'Then each model in turn is loaded while nothing else runs (the ones before it stay loaded, idle): session creation, first inference, warm-up; ' +
      'its peak RSS is measured in that window. Then, per thread count (the first reusing those sessions, others with fresh ones) and batch size, ' +
      'warm-up rounds and timed rounds in which every model runs once on the same input, the order rotating each round (A B, B A, A B, …) ' +
      'so that neither model always runs first. Sessions use the intra-op threads asked for, graph optimisation level all, and idle threads that do not ' +
      'spin-wait (session.intra_op.allow_spinning = 0): otherwise one model\'s spinning threads take the cores from the next model\'s run, which a ' +
      'one-model deployment never sees (with spinning, such a deployment may show a slightly lower latency than measured here). ' +
      'No sampling thread runs during the timed rounds.',
    percentile:
      'Latency percentile p = sorted[min(floor(n·p), n−1)] over the n timed runs (onnxruntime_perf_test\'s definition, no interpolation); warm-up and first runs excluded. ' +
      'A run is the wall time of one session.run() call from JavaScript, outputs not read.',
    throughput: 'Inferences per second = batch × runs ÷ the summed time of the model\'s own timed runs (the other models\' runs in between are not counted).',
    rss:
      options.rssSource === 'vmhwm-reset'
        ? `Peak RSS = the kernel's VmHWM of the engine process (/proc/self/status), reset via /proc/self/clear_refs when the model's loading window starts and read when it ends; ` +
          `a worker thread also samples process.memoryUsage.rss() every ${RSS_SAMPLE_INTERVAL_MS} ms (peakRssSampledBytes).`
        : `Peak RSS = the highest process.memoryUsage.rss() a worker thread sampled every ${RSS_SAMPLE_INTERVAL_MS} ms during the model's loading window ` +
          '(VmHWM could not be reset here, so peaks shorter than a sample interval may be missed).',
    rssSource: options.rssSource,
    rssSampleIntervalMs: RSS_SAMPLE_INTERVAL_MS,
    bootstrap:
      `latencyRatio: median of the per-round ratios candidate ÷ reference at the headline configuration; ci95 = 2.5th and 97.5th percentiles of the medians of ` +
      `${options.resamples} resamples (with replacement) of those ratios, seeded (mulberry32, seed ${options.seed}). withinNoise = ci95 contains 1.`,
    bootstrapResamples: options.resamples,
    bootstrapSeed: options.seed,
    flops:
      'FLOPs per inference: Conv, ConvTranspose, Gemm and MatMul counted at the input shape fed (batch 1), a multiply-accumulate as 2 FLOPs; ' +
      'other ops are not counted. Achieved GFLOP/s = that × inferences per second; share = ÷ the machine peak (see machine.derivation).',
  };
}
