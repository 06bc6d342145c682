import path from 'node:path';
import { parseGateSpec } from '../../../shared/gate-spec.js';
import type { CompareParams } from '../../../shared/contract/jobs/compare.js';
import { newRunDir } from '../../engine/index.js';
import { numberOption, parseCommandArgs, requirePositionals, stringOption, type Parsed } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { formatCompareSummary } from '../format/summary.js';
import { readPreprocessFile } from '../read-preprocess.js';
import { RECIPES } from '../../../shared/contract/jobs/convert.js';
import { CONVERSION_FLAGS, conversionOptionsFromArgs, recipeOption } from './convert.js';
import { PERTURB_FLAGS_HELP, PERTURB_FLAG_OPTIONS, formatRobustnessHeadline, perturbFlagsFromArgs } from './perturb-flags.js';

const usage = `Usage: parity compare <reference.onnx> <candidate.onnx> --images <dir> [options]
       parity compare <reference.onnx> --candidate-recipe <recipe> --images <dir> [--calib <dir>] [options]

Runs both models on every image and reports where their predictions agree and where they drift. With
--candidate-recipe the candidate is the reference converted with that recipe (as \`parity convert\` does; cached
under Parity's cache folder by source hash, recipe and options) and the report shows its conversion manifest.

Options:
  --candidate-recipe <r>  ${RECIPES.join('|')}; takes the conversion flags of \`parity convert\`
                          (--calib, --calib-method, --calib-size, --calib-seed, --per-channel, --reduce-range, …)
  --images <dir>          folder of images (with --labels: one subfolder per class name)
  --labels <file>         class names, one per line (line i = class index i), for accuracy
  --preprocess <file>     preprocessing spec JSON (fields missing are taken from the model)
${PERTURB_FLAGS_HELP}
  --out <dir>             run folder for report.json/html/csv (default: a new folder under Parity's data dir)
  --json <file>           also write the JSON report here
  --report <file.html>    also write the HTML report here
  --csv <file>            also write the per-image CSV here
  --threads <n>           intra-op threads per model (default: all cores)
  --threshold <t>         threshold for dense-map IoU/Dice (default 0.5)
  --atol <x> --rtol <x>   allclose tolerances (default 1e-5 each, Polygraphy's)
  --top-k <k>             top-k kept per image (default 5)
  --max-images <n>        use only the first n images
  --fail-under <spec>     gate, e.g. top1Agreement=0.99,accuracy=0.9,maxAbsDiff<=0.01
                          (metric=value: at least value for agreement-like metrics, at most for errors)
  --no-bench              leave out the performance section (speed, memory and size of both models)
  --bench-runs <n>        interleaved timed runs per model for that section (default 20)
  --resume <run-dir>      continue an interrupted run (killed, crashed) from its last checkpoint, with the
                          run's own models and options; the final report equals an uninterrupted run's
  --quiet                 no progress output
  --verbose               show the engine's log

Exit status: 0 when the gate passes (or there is none), 1 when it fails, 2 on bad input.`;

export const COMPARE_OPTIONS = {
  'candidate-recipe': { type: 'string' },
  'calib-seed': { type: 'string' },
  ...CONVERSION_FLAGS,
  images: { type: 'string' },
  labels: { type: 'string' },
  preprocess: { type: 'string' },
  ...PERTURB_FLAG_OPTIONS,
  out: { type: 'string' },
  json: { type: 'string' },
  report: { type: 'string' },
  csv: { type: 'string' },
  threads: { type: 'string' },
  threshold: { type: 'string' },
  atol: { type: 'string' },
  rtol: { type: 'string' },
  'top-k': { type: 'string' },
  'max-images': { type: 'string' },
  'fail-under': { type: 'string' },
  'no-bench': { type: 'boolean' },
  'bench-runs': { type: 'string' },
  resume: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const resolveIf = (value: string | undefined): string | undefined => (value === undefined ? undefined : path.resolve(value));

/** Turns compare flags (shared by `compare` and `demo`) into job parameters. */
export function compareParamsFromArgs(parsed: Parsed, reference: string, candidate: string, images: string): CompareParams {
  const preprocessFile = stringOption(parsed, 'preprocess');
  const gateSpec = stringOption(parsed, 'fail-under');
  const atol = numberOption(parsed, 'atol', 0, 1e6);
  const rtol = numberOption(parsed, 'rtol', 0, 1e6);
  const copies: { json?: string; html?: string; csv?: string } = {};
  const json = resolveIf(stringOption(parsed, 'json'));
  const html = resolveIf(stringOption(parsed, 'report'));
  const csv = resolveIf(stringOption(parsed, 'csv'));
  if (json) copies.json = json;
  if (html) copies.html = html;
  if (csv) copies.csv = csv;
  const out = stringOption(parsed, 'out');
  const recipe = recipeOption(parsed, 'candidate-recipe');
  const slug = `${path.parse(reference).name}-vs-${recipe ?? path.parse(candidate).name}`;
  const labels = resolveIf(stringOption(parsed, 'labels'));
  return {
    reference: path.resolve(reference),
    candidate: recipe ? '' : path.resolve(candidate),
    // The compare report measures speed itself, so the conversion skips its own timing.
    candidateRecipe: recipe ? { measureSpeed: false, ...conversionOptionsFromArgs(parsed, 'calib-seed'), recipe } : null,
    images: path.resolve(images),
    labels: labels ?? null,
    preprocess: preprocessFile ? readPreprocessFile(preprocessFile) : null,
    threshold: numberOption(parsed, 'threshold', 0, 1) ?? 0.5,
    threads: numberOption(parsed, 'threads', 1, 1024, true) ?? null,
    topK: numberOption(parsed, 'top-k', 1, 100, true) ?? 5,
    tolerance: { atol: atol ?? 1e-5, rtol: rtol ?? 1e-5 },
    gate: gateSpec ? parseGateSpec(gateSpec) : [],
    ...perturbFlagsFromArgs(parsed),
    runDir: out ? path.resolve(out) : newRunDir(slug),
    copies,
    maxImages: numberOption(parsed, 'max-images', 1, 10_000_000, true) ?? null,
    bench: parsed.values['no-bench'] !== true,
    benchRuns: numberOption(parsed, 'bench-runs', 1, 100_000, true) ?? 20,
  };
}

export const compareCommand: CliCommand = {
  summary: 'compare a reference and a candidate model on a folder of images',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('compare', argv, COMPARE_OPTIONS);
    const resumeDir = stringOption(parsed, 'resume');
    if (resumeDir !== undefined) return resumeRun(parsed, resumeDir);
    const byRecipe = stringOption(parsed, 'candidate-recipe') !== undefined;
    const [reference, candidate = ''] = requirePositionals('compare', parsed, byRecipe ? ['reference.onnx'] : ['reference.onnx', 'candidate.onnx']);
    const images = stringOption(parsed, 'images');
    if (!images) return usageError('parity compare needs --images <dir>.');
    const params = compareParamsFromArgs(parsed, reference!, candidate!, images);
    const quiet = parsed.values.quiet === true;
    const result = await withEngine(parsed.values.verbose === true, async (ctx) => {
      const r = await ctx.engine.run('compare', params, {
        signal: ctx.signal,
        onProgress: (p) => {
          if (!quiet) ctx.progress.update(p);
        },
      });
      ctx.progress.finish();
      return r;
    });
    process.stdout.write(
      `${formatCompareSummary(result, { reference: path.basename(reference!), candidate: byRecipe ? `${stringOption(parsed, 'candidate-recipe')} variant` : path.basename(candidate) })}\n`,
    );
    if (result.robustness) process.stdout.write(`${formatRobustnessHeadline(result.robustness)}\n`);
    return result.gate.passed ? EXIT.ok : EXIT.gateFailed;
  },
};

/** `--resume <run-dir>`: the interrupted run's own parameters, continued from its last checkpoint. */
async function resumeRun(parsed: Parsed, runDir: string): Promise<number> {
  if (parsed.positionals.length > 0) return usageError('--resume takes the run folder only: the models and options are the run\'s own.');
  const copies: { json?: string; html?: string; csv?: string } = {};
  for (const [flag, key] of [['json', 'json'], ['report', 'html'], ['csv', 'csv']] as const) {
    const value = stringOption(parsed, flag);
    if (value) copies[key] = path.resolve(value);
  }
  const quiet = parsed.values.quiet === true;
  const result = await withEngine(parsed.values.verbose === true, async (ctx) => {
    const r = await ctx.engine.run(
      'resume',
      { runDir: path.resolve(runDir), ...(Object.keys(copies).length > 0 ? { copies } : {}) },
      { signal: ctx.signal, onProgress: (p) => !quiet && ctx.progress.update(p) },
    );
    ctx.progress.finish();
    return r;
  });
  process.stdout.write(`${formatCompareSummary(result, { reference: 'reference', candidate: 'candidate' })}\n`);
  if (result.robustness) process.stdout.write(`${formatRobustnessHeadline(result.robustness)}\n`);
  return result.gate.passed ? EXIT.ok : EXIT.gateFailed;
}

function usageError(message: string): number {
  process.stderr.write(`parity: error: ${message}\nhint: run \`parity compare --help\`\n`);
  return EXIT.usage;
}
