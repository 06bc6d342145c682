import path from 'node:path';
import { BenchParamsSchema as B, ServeLoadParamsSchema as S } from '../../../shared/contract/jobs/bench.js';
import { ParityError } from '../../../shared/errors.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { absolutePath, integerIn, integerListIn, numberIn, preprocessFile } from '../flag-values.js';
import { flagSet, param, paramsFrom, type FlagTable, type Parsed } from '../flags.js';
import { formatBenchSummary, formatServeSummary } from '../format/bench-summary.js';
import { OUTPUT_FLAGS } from './output-flags.js';

/** The flags of both measurements; those of one only are the fields the other's schema lacks. */
const FLAGS: FlagTable = {
  images: { value: 'dir', help: 'images to feed (decoded and preprocessed once); without it, seeded random inputs', param: param(B, 'images'), parse: absolutePath },
  preprocess: { value: 'file', help: 'preprocessing spec JSON (fields missing are taken from the first model)', param: param(B, 'preprocess'), parse: preprocessFile },
  'max-images': { value: 'n', help: 'preprocessed images held and fed round robin', param: param(B, 'maxImages'), parse: integerIn(1, 4096) },
  runs: { value: 'n', help: 'timed runs per model and configuration', param: param(B, 'runs'), parse: integerIn(1, 1_000_000) },
  warmup: { value: 'n', help: 'untimed runs before them', param: param(B, 'warmup'), parse: integerIn(0, 100_000) },
  threads: {
    value: 'list',
    help: 'intra-op thread counts, e.g. 1,2; the first is the headline',
    param: param(B, 'threads'),
    parse: integerListIn(1, 1024),
    shownDefault: 'all cores',
  },
  batch: { value: 'list', help: 'batch sizes, e.g. 1,4; above 1 needs a free batch dimension', param: param(B, 'batch'), parse: integerListIn(1, 4096) },
  json: { value: 'file', help: 'write the full result as JSON', param: param(B, 'json'), parse: absolutePath },
  serve: { help: 'serving-load test instead: concurrent clients against a pool of worker threads per model, each worker with its own session; throughput, latency and queueing per level' },
  concurrency: { value: 'list', help: 'with --serve: requests kept in flight, one level after the other', param: param(S, 'concurrency'), parse: integerListIn(1, 1024) },
  duration: { value: 's', help: 'with --serve: seconds per model and level', param: param(S, 'durationSec'), parse: numberIn(0.1, 3600) },
  workers: {
    value: 'n',
    help: 'with --serve: worker threads of the pool, each with its own session; --threads is then the intra-op threads of each worker',
    param: param(S, 'workers'),
    parse: integerIn(1, 256),
    shownDefault: 'chosen by a short trial of each shape that uses every core',
  },
  trial: { value: 's', help: 'with --serve: seconds each pool shape is tried', param: param(S, 'trialSec'), parse: numberIn(0.1, 60) },
  'summary-images': { value: 'n', help: 'with --serve: N of the summary\'s "time to serve N images"', param: param(S, 'summaryImages'), parse: integerIn(1, 100_000_000) },
  ...OUTPUT_FLAGS,
};

/** Flags filling a field of `schema` that `other` lacks. */
function onlyFor(schema: typeof B | typeof S, other: typeof B | typeof S): string[] {
  return Object.entries(FLAGS)
    .filter(([, flag]) => flag.param?.schema === schema && !(flag.param.key in other.shape))
    .map(([name]) => name);
}

function rejectFlags(parsed: Parsed, names: readonly string[], why: string): void {
  const given = names.find((n) => parsed.values[n] !== undefined);
  if (given) throw new ParityError('BAD_OPTION', `--${given} ${why}.`, 'Run `parity bench --help` for its options.');
}

function models(parsed: Parsed): string[] {
  if (parsed.positionals.length === 0) throw new ParityError('BAD_OPTION', 'parity bench: missing <model.onnx>.', 'Run `parity bench --help`.');
  return parsed.positionals.map((m) => path.resolve(m));
}

async function bench(parsed: Parsed): Promise<number> {
  rejectFlags(parsed, onlyFor(S, B), 'only applies with --serve');
  const params = { ...paramsFrom(FLAGS, parsed, B), models: models(parsed) };
  process.stdout.write(`${formatBenchSummary(await runJob('bench', params, outputOf(parsed)))}\n`);
  return EXIT.ok;
}

async function serveLoad(parsed: Parsed): Promise<number> {
  rejectFlags(parsed, onlyFor(B, S), 'does not apply with --serve (requests are single images for a fixed duration)');
  // The bench's flags fill the same fields of the serving schema, except --threads: one count there.
  const { threads, ...common } = paramsFrom(FLAGS, parsed, B);
  if (threads && threads.length > 1) throw new ParityError('BAD_OPTION', '--threads takes one value with --serve (the intra-op threads of each worker).', 'Run the serving test once per thread count.');
  const params = { ...common, ...paramsFrom(FLAGS, parsed, S), ...(threads ? { threads: threads[0] } : {}), models: models(parsed) };
  process.stdout.write(`${formatServeSummary(await runJob('serveLoad', params, outputOf(parsed)))}\n`);
  return EXIT.ok;
}

export const benchCommand: CliCommand = {
  summary: 'measure speed, memory and size of models side by side, or their throughput under serving load',
  usage: ['bench <model.onnx> [<model.onnx> …] [options]'],
  description: `Measures speed, memory and size of models side by side on this CPU, in one engine process, fed the same inputs:
session creation, first inference, latency percentiles, throughput per thread count and batch size, peak RSS,
size, parameters, GFLOP per inference and the share of the CPU's peak. With several models, they run interleaved
and each is compared with the first: latency ratio with a 95% bootstrap interval, and whether it is within noise.`,
  flags: FLAGS,
  examples: [
    'parity bench model.onnx model.int8.onnx --images val/ --runs 100 --threads 1,4 --batch 1,8 --json bench.json',
    'parity bench model.onnx --images val/ --serve --concurrency 1,2,4,8 --duration 10',
  ],
  exitStatus: '0 when measured, 2 on bad input (including a model ONNX Runtime cannot run), 3 on an internal fault.',
  run: (parsed) => (flagSet(parsed, 'serve') ? serveLoad(parsed) : bench(parsed)),
};
