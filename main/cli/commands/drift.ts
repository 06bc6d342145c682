import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import type { DriftParams } from '../../../shared/contract/jobs/drift.js';
import { DRIFT_GATE_METRIC_NAMES, MODEL_GATE_METRICS, parseDriftGateSpec } from '../../../shared/drift/gate-spec.js';
import { SEVERITIES } from '../../../shared/perturbations/index.js';
import { parsePerturbationList, parseSeed, parseSeverities } from '../../../shared/perturbations/index.js';
import { numberOption, parseCommandArgs, requirePositionals, stringOption, type Parsed } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { readPreprocessFile } from '../read-preprocess.js';
import { orBadOption } from './perturb-flags.js';
import { formatDriftSummary } from './drift-summary.js';

const usage = `Usage: parity drift --reference <dir> --field <dir> [--model m.onnx [--candidate c.onnx]] [options]

Does this week's field data still look like the data the model was checked on? Compares the two folders' image
statistics (brightness, contrast, saturation, sharpness, noise, colour cast, resolution, aspect ratio, JPEG
quality) with PSI and the Kolmogorov–Smirnov test; with --model also the model's outputs (predicted class,
top-1 confidence, entropy) and features (MMD with a permutation test); and ranks the catalog perturbations by
how closely the reference, so perturbed, resembles the field. Writes drift.json and drift.html.

Options:
  --reference <dir>       the images the model was checked on
  --field <dir>           the images to check (e.g. this week's camera data)
  --model <m.onnx>        the model: output and feature shift; statistics are then measured on its input pixels
  --candidate <c.onnx>    a variant of the model: its top-1 agreement with the model on both folders
  --preprocess <file>     preprocessing spec JSON (fields missing are taken from the model)
  --labels <file>         class names, one per line, for the predicted-class histogram
  --feature-node <name>   features from this tensor or node (default: the input of the last Gemm/MatMul)
  --run <dir>             a compare run with perturbations of the same models: the candidate's agreement at the
                          perturbations the field resembles
  --perturb <names|all>   perturbations the field is matched against (default all; none to skip)
  --severity <levels>     their severities: 3, 1-5 or 1,3,5 (default 1-5)
  --resemble-sample <n>   reference images perturbed for that matching (default 24; their statistics
                          are cached, so a later check against the same reference perturbs nothing)
  --mmd-sample <n>        feature vectors kept per folder for the MMD test (seeded reservoir, default 500,
                          at most 2,000: the kernel matrix takes 8·(2n)² bytes)
  --permutations <n>      permutations of the MMD test (default 500)
  --seed <n>              seed of the samples, permutations and perturbations (default 0)
  --analysis-side <px>    without a model: longer side the images are measured at (default 256)
  --max-images <n>        use at most n images of each folder (spread evenly)
  --threads <n>           intra-op threads of the model sessions (default: all cores)
  --out <dir>             run folder for drift.json, drift.html and thumbs/ (default: a new folder under Parity's data dir)
  --json <file>           also write drift.json here
  --report <file.html>    also write drift.html here
  --fail-over <spec>      gate, e.g. psi=0.2,mmd-p=0.01: fails when a shift measure is over its threshold or a
                          p-value under its own; measures: ${DRIFT_GATE_METRIC_NAMES.join(', ')}
  --quiet                 no progress output
  --verbose               show the engine's log

Exit status: 0 when the gate passes (or there is none), 1 when the field drifted past it, 2 on bad input.`;

export const DRIFT_OPTIONS = {
  reference: { type: 'string' },
  field: { type: 'string' },
  model: { type: 'string' },
  candidate: { type: 'string' },
  preprocess: { type: 'string' },
  labels: { type: 'string' },
  'feature-node': { type: 'string' },
  run: { type: 'string' },
  perturb: { type: 'string' },
  severity: { type: 'string' },
  'resemble-sample': { type: 'string' },
  'mmd-sample': { type: 'string' },
  permutations: { type: 'string' },
  seed: { type: 'string' },
  'analysis-side': { type: 'string' },
  'max-images': { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
  report: { type: 'string' },
  'fail-over': { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const resolveIf = (value: string | undefined): string | null => (value === undefined ? null : path.resolve(value));

/** Turns drift flags into job parameters; BAD_OPTION for anything missing or contradictory. */
export function driftParamsFromArgs(parsed: Parsed): DriftParams {
  const reference = stringOption(parsed, 'reference');
  const field = stringOption(parsed, 'field');
  if (!reference || !field) throw new ParityError('BAD_OPTION', 'parity drift needs --reference <dir> and --field <dir>.', 'Run `parity drift --help`.');
  const model = resolveIf(stringOption(parsed, 'model'));
  const candidate = resolveIf(stringOption(parsed, 'candidate'));
  if (candidate && !model) throw new ParityError('BAD_OPTION', '--candidate needs --model (the model it is a variant of).', 'Pass --model m.onnx --candidate c.onnx.');
  const gate = parseDriftGateSpec(stringOption(parsed, 'fail-over') ?? '');
  const needsModel = gate.find((c) => MODEL_GATE_METRICS.has(c.metric));
  if (needsModel && !model) throw new ParityError('BAD_OPTION', `The gate measure ${needsModel.metric} needs --model.`, 'Pass --model m.onnx, or gate on psi, ks or ks-p only.');
  const perturbText = stringOption(parsed, 'perturb');
  const severity = stringOption(parsed, 'severity');
  const seed = stringOption(parsed, 'seed');
  const preprocess = stringOption(parsed, 'preprocess');
  const copies: { json?: string; html?: string } = {};
  const json = resolveIf(stringOption(parsed, 'json'));
  const html = resolveIf(stringOption(parsed, 'report'));
  if (json) copies.json = json;
  if (html) copies.html = html;
  const none = perturbText?.trim().toLowerCase() === 'none';
  return {
    reference: path.resolve(reference),
    field: path.resolve(field),
    model,
    candidate,
    preprocess: preprocess ? readPreprocessFile(preprocess) : null,
    labels: resolveIf(stringOption(parsed, 'labels')),
    featureNode: stringOption(parsed, 'feature-node') ?? null,
    runDir: resolveIf(stringOption(parsed, 'out')),
    copies,
    gate,
    ...(perturbText !== undefined && !none ? { perturb: orBadOption(parsePerturbationList(perturbText)) } : {}),
    severities: severity === undefined ? [...SEVERITIES] : orBadOption(parseSeverities(severity)),
    seed: seed === undefined ? 0 : orBadOption(parseSeed(seed)),
    resembleSample: none ? 0 : (numberOption(parsed, 'resemble-sample', 0, 10_000, true) ?? 24),
    mmdSample: numberOption(parsed, 'mmd-sample', 10, 2_000, true) ?? 500,
    permutations: numberOption(parsed, 'permutations', 10, 100_000, true) ?? 500,
    robustnessRun: resolveIf(stringOption(parsed, 'run')),
    analysisSide: numberOption(parsed, 'analysis-side', 16, 4096, true) ?? 256,
    maxImages: numberOption(parsed, 'max-images', 1, 10_000_000, true) ?? null,
    threads: numberOption(parsed, 'threads', 1, 1024, true) ?? null,
  };
}

export const driftCommand: CliCommand = {
  summary: 'check whether a field folder has drifted from the reference images (statistics, model view, perturbations)',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('drift', argv, DRIFT_OPTIONS);
    requirePositionals('drift', parsed, []);
    const params = driftParamsFromArgs(parsed);
    const quiet = parsed.values.quiet === true;
    const result = await withEngine(parsed.values.verbose === true, async (ctx) => {
      const r = await ctx.engine.run('drift', params, { signal: ctx.signal, onProgress: (p) => !quiet && ctx.progress.update(p) });
      ctx.progress.finish();
      return r;
    });
    process.stdout.write(`${formatDriftSummary(result.report)}\nReport: ${result.files.html}\n`);
    return result.gate.passed ? EXIT.ok : EXIT.gateFailed;
  },
};
