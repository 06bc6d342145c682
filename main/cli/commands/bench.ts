import path from 'node:path';
import type { BenchParams, ServeLoadParams } from '../../../shared/contract/jobs/bench.js';
import { ParityError } from '../../../shared/errors.js';
import { integerListOption, numberOption, parseCommandArgs, stringOption, type Parsed } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { formatBenchSummary, formatServeSummary } from '../format/bench-summary.js';
import { readPreprocessFile } from '../read-preprocess.js';

const usage = `Usage: parity bench <model.onnx> [<model.onnx> …] [options]

Measures speed, memory and size of models side by side on this CPU, in one engine process, fed the same inputs:
session creation, first inference, latency percentiles, throughput per thread count and batch size, peak RSS,
size, parameters, GFLOP per inference and the share of the CPU's peak. With several models, they run interleaved
and each is compared with the first: latency ratio with a 95% bootstrap interval, and whether it is within noise.

Options:
  --images <dir>          images to feed (decoded and preprocessed once); without it, seeded random inputs
  --preprocess <file>     preprocessing spec JSON (fields missing are taken from the first model)
  --max-images <n>        preprocessed images held and fed round robin (default 32)
  --runs <n>              timed runs per model and configuration (default 50)
  --warmup <n>            untimed runs before them (default 5)
  --threads <list>        intra-op thread counts, e.g. 1,2 (default: all cores); the first is the headline
  --batch <list>          batch sizes, e.g. 1,4 (default 1); above 1 needs a free batch dimension
  --json <file>           write the full result as JSON
  --serve                 serving-load test instead: concurrent requests against one session per model
  --concurrency <list>    with --serve: requests kept in flight, one level after the other (default 1,2,4,8)
  --duration <s>          with --serve: seconds per model and level (default 10)
  --quiet                 no progress output
  --verbose               show the engine's log

Exit status: 0 when measured, 2 on bad input (including a model ONNX Runtime cannot run), 3 on an internal fault.`;

const BENCH_OPTIONS = {
  images: { type: 'string' },
  preprocess: { type: 'string' },
  'max-images': { type: 'string' },
  runs: { type: 'string' },
  warmup: { type: 'string' },
  threads: { type: 'string' },
  batch: { type: 'string' },
  json: { type: 'string' },
  serve: { type: 'boolean' },
  concurrency: { type: 'string' },
  duration: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const SERVE_ONLY = ['concurrency', 'duration'] as const;
const BENCH_ONLY = ['runs', 'batch'] as const;

function rejectOptions(parsed: Parsed, names: readonly string[], why: string): void {
  const given = names.find((n) => parsed.values[n] !== undefined);
  if (given) throw new ParityError('BAD_OPTION', `--${given} ${why}.`, 'Run `parity bench --help` for its options.');
}

function commonParams(parsed: Parsed): Omit<BenchParams, 'runs' | 'warmup' | 'threads' | 'batch' | 'bootstrapResamples'> {
  if (parsed.positionals.length === 0) {
    throw new ParityError('BAD_OPTION', 'parity bench: missing <model.onnx>.', 'Run `parity bench --help`.');
  }
  const images = stringOption(parsed, 'images');
  const preprocess = stringOption(parsed, 'preprocess');
  const json = stringOption(parsed, 'json');
  return {
    models: parsed.positionals.map((m) => path.resolve(m)),
    images: images ? path.resolve(images) : null,
    preprocess: preprocess ? readPreprocessFile(preprocess) : null,
    maxImages: numberOption(parsed, 'max-images', 1, 4096, true) ?? 32,
    json: json ? path.resolve(json) : null,
  };
}

/** Turns `parity bench` flags into bench job parameters (BAD_OPTION on a bad value). */
export function benchParamsFromArgs(parsed: Parsed): BenchParams {
  rejectOptions(parsed, SERVE_ONLY, 'only applies with --serve');
  const threads = integerListOption(parsed, 'threads', 1, 1024);
  return {
    ...commonParams(parsed),
    runs: numberOption(parsed, 'runs', 1, 1_000_000, true) ?? 50,
    warmup: numberOption(parsed, 'warmup', 0, 100_000, true) ?? 5,
    threads: threads ?? null,
    batch: integerListOption(parsed, 'batch', 1, 4096) ?? [1],
  };
}

/** Turns `parity bench --serve` flags into serve job parameters. */
export function serveParamsFromArgs(parsed: Parsed): ServeLoadParams {
  rejectOptions(parsed, BENCH_ONLY, 'does not apply with --serve (requests are single images for a fixed duration)');
  const threads = integerListOption(parsed, 'threads', 1, 1024);
  if (threads && threads.length > 1) {
    throw new ParityError('BAD_OPTION', '--threads takes one value with --serve.', 'Run the serving test once per thread count.');
  }
  return {
    ...commonParams(parsed),
    concurrency: integerListOption(parsed, 'concurrency', 1, 1024) ?? [1, 2, 4, 8],
    durationSec: numberOption(parsed, 'duration', 0.1, 3600) ?? 10,
    threads: threads?.[0] ?? null,
    warmup: numberOption(parsed, 'warmup', 0, 100_000, true) ?? 5,
  };
}

export const benchCommand: CliCommand = {
  summary: 'measure speed, memory and size of models side by side, or their throughput under serving load',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('bench', argv, BENCH_OPTIONS);
    const serve = parsed.values.serve === true;
    const quiet = parsed.values.quiet === true;
    const verbose = parsed.values.verbose === true;
    if (serve) {
      const params = serveParamsFromArgs(parsed);
      const result = await withEngine(verbose, async (ctx) => {
        const r = await ctx.engine.run('serveLoad', params, { signal: ctx.signal, onProgress: (p) => (quiet ? undefined : ctx.progress.update(p)) });
        ctx.progress.finish();
        return r;
      });
      process.stdout.write(`${formatServeSummary(result)}\n`);
      return EXIT.ok;
    }
    const params = benchParamsFromArgs(parsed);
    const result = await withEngine(verbose, async (ctx) => {
      const r = await ctx.engine.run('bench', params, { signal: ctx.signal, onProgress: (p) => (quiet ? undefined : ctx.progress.update(p)) });
      ctx.progress.finish();
      return r;
    });
    process.stdout.write(`${formatBenchSummary(result)}\n`);
    return EXIT.ok;
  },
};
