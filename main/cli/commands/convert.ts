import path from 'node:path';
import {
  ACTIVATION_QDQ_OPS,
  CALIBRATION_METHODS,
  CalibrationMethodSchema,
  DEFAULT_CALIBRATION_SIZE,
  RECIPES,
  RecipeSchema,
  type ConversionOptions,
  type Recipe,
} from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { numberOption, parseCommandArgs, requirePositionals, stringOption, type Parsed } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { readPreprocessFile } from '../read-preprocess.js';

const usage = `Usage: parity convert <model.onnx> --recipe <recipe> [-o out.onnx] [options]

Writes a variant of the model and <name>.manifest.json next to it.

Recipes:
  optimized      ONNX Runtime graph optimizations, saved at the portable level ('extended')
  fp16           weights and compute in float16, inputs and outputs kept float32
  fp16-weights   weights stored as float16, cast to float32 at load: half the file, float32 speed
  int8-dynamic   int8 MatMul/Gemm weights, activations quantized at run time
  int8-static    QDQ int8, calibrated on your images (needs --calib)

Options:
  --recipe <recipe>          which variant to produce
  -o, --output <file>        output path (default: <model>.<recipe>.onnx next to the model)
  --calib <dir>              calibration images (int8-static)
  --calib-method <m>         ${CALIBRATION_METHODS.join('|')} (default minmax)
  --calib-size <n>           at most n calibration images, a seeded random subset (default ${DEFAULT_CALIBRATION_SIZE})
  --seed <n>                 seed of that subset (default 0)
  --percentile <p>           percentile kept by --calib-method percentile (default 99.999)
  --preprocess <file>        preprocessing spec JSON for calibration and timing images
  --per-channel              per-channel weight scales (default); --no-per-channel for one scale per tensor
  --reduce-range             7-bit weights; --no-reduce-range for 8 (default: chosen from the CPU's flags)
  --activation-type <t>      uint8|int8 (int8-static; default uint8)
  --weight-type <t>          int8|uint8 (default int8)
  --channel-sqnr-floor <dB>  (int8-static) activations whose weakest channel would fall below this SQNR under
                             one int8 scale stay float32 (default 12; 0 turns the check off)
  --also-quantize <ops>      (int8-static) quantize these weightless ops too: ${ACTIVATION_QDQ_OPS.join(',')}
  --exclude-nodes <a,b>      node names kept in float
  --exclude-ops <Op1,Op2>    operator types kept in float
  --hardware-specific        (optimized) allow ORT level 'all', tying the file to this CPU
  --no-timing                skip the short speed measurement at the end
  --quiet                    no progress output
  --verbose                  show the engine's log

Exit status: 0 on success, 2 when the recipe cannot apply or an option is wrong.`;

/** Flags shared by `convert` and by `compare --candidate-recipe` (the calibration seed flag differs: see below). */
export const CONVERSION_FLAGS = {
  calib: { type: 'string' },
  'calib-method': { type: 'string' },
  'calib-size': { type: 'string' },
  percentile: { type: 'string' },
  'per-channel': { type: 'boolean' },
  'no-per-channel': { type: 'boolean' },
  'reduce-range': { type: 'boolean' },
  'no-reduce-range': { type: 'boolean' },
  'activation-type': { type: 'string' },
  'weight-type': { type: 'string' },
  'channel-sqnr-floor': { type: 'string' },
  'also-quantize': { type: 'string' },
  'exclude-nodes': { type: 'string' },
  'exclude-ops': { type: 'string' },
  'hardware-specific': { type: 'boolean' },
  'no-timing': { type: 'boolean' },
} as const;

function listOption(parsed: Parsed, name: string): string[] {
  return (stringOption(parsed, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function choice<T extends string>(parsed: Parsed, name: string, allowed: readonly T[]): T | undefined {
  const value = stringOption(parsed, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ParityError('BAD_OPTION', `--${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  }
  return value as T;
}

function pairedFlag(parsed: Parsed, name: string): boolean | null {
  const on = parsed.values[name] === true;
  const off = parsed.values[`no-${name}`] === true;
  if (on && off) throw new ParityError('BAD_OPTION', `--${name} and --no-${name} contradict each other.`);
  return on ? true : off ? false : null;
}

/** The recipe named by --recipe (or another flag), with a BAD_OPTION listing the recipes otherwise. */
export function recipeOption(parsed: Parsed, flag: string): Recipe | undefined {
  const name = stringOption(parsed, flag);
  if (name === undefined) return undefined;
  const recipe = RecipeSchema.safeParse(name);
  if (!recipe.success) throw new ParityError('BAD_OPTION', `Unknown recipe "${name}".`, `Recipes: ${RECIPES.join(', ')}.`);
  return recipe.data;
}

/**
 * Conversion options from the shared flags; defaults are left to the job's schema. `seedFlag` names the flag of
 * the calibration subset's seed: --seed for convert, --calib-seed for compare (whose --seed is the perturbations').
 */
export function conversionOptionsFromArgs(parsed: Parsed, seedFlag = 'seed'): Partial<ConversionOptions> {
  const options: Partial<ConversionOptions> = {};
  const calib = stringOption(parsed, 'calib');
  if (calib !== undefined) options.calib = path.resolve(calib);
  const method = choice(parsed, 'calib-method', CalibrationMethodSchema.options);
  if (method !== undefined) options.calibMethod = method;
  const size = numberOption(parsed, 'calib-size', 1, 1_000_000, true);
  if (size !== undefined) options.calibSize = size;
  const seed = numberOption(parsed, seedFlag, 0, 2 ** 31 - 1, true);
  if (seed !== undefined) options.seed = seed;
  const percentile = numberOption(parsed, 'percentile', 50.001, 100);
  if (percentile !== undefined) options.percentile = percentile;
  const perChannel = pairedFlag(parsed, 'per-channel');
  if (perChannel !== null) options.perChannel = perChannel;
  const reduceRange = pairedFlag(parsed, 'reduce-range');
  if (reduceRange !== null) options.reduceRange = reduceRange;
  const activationType = choice(parsed, 'activation-type', ['uint8', 'int8'] as const);
  if (activationType !== undefined) options.activationType = activationType;
  const weightType = choice(parsed, 'weight-type', ['int8', 'uint8'] as const);
  if (weightType !== undefined) options.weightType = weightType;
  const floor = numberOption(parsed, 'channel-sqnr-floor', 0, 60);
  if (floor !== undefined) options.channelSqnrFloorDb = floor;
  const also = listOption(parsed, 'also-quantize');
  const unknown = also.filter((op) => !(ACTIVATION_QDQ_OPS as readonly string[]).includes(op));
  if (unknown.length > 0) throw new ParityError('BAD_OPTION', `--also-quantize does not take ${unknown.join(', ')}.`, `It takes ${ACTIVATION_QDQ_OPS.join(', ')}.`);
  options.alsoQuantize = also as ConversionOptions['alsoQuantize'];
  options.excludeNodes = listOption(parsed, 'exclude-nodes');
  options.excludeOps = listOption(parsed, 'exclude-ops');
  const preprocess = stringOption(parsed, 'preprocess');
  if (preprocess !== undefined) options.preprocess = readPreprocessFile(preprocess);
  if (parsed.values['hardware-specific'] === true) options.hardwareSpecific = true;
  if (parsed.values['no-timing'] === true) options.measureSpeed = false;
  return options;
}

/** `<dir>/<name>.<recipe>.onnx` next to the model. */
export function defaultVariantPath(model: string, recipe: string): string {
  const parsed = path.parse(path.resolve(model));
  return path.join(parsed.dir, `${parsed.name}.${recipe}.onnx`);
}

export const convertCommand: CliCommand = {
  summary: 'convert a model into an optimized, FP16 or INT8 variant with a manifest',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('convert', argv, {
      recipe: { type: 'string' },
      output: { type: 'string', short: 'o' },
      preprocess: { type: 'string' },
      seed: { type: 'string' },
      ...CONVERSION_FLAGS,
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const [model] = requirePositionals('convert', parsed, ['model.onnx']);
    const recipe = recipeOption(parsed, 'recipe');
    if (recipe === undefined) throw new ParityError('BAD_OPTION', 'parity convert needs --recipe.', `Recipes: ${RECIPES.join(', ')}.`);
    const output = path.resolve(stringOption(parsed, 'output') ?? defaultVariantPath(model!, recipe));
    const options = conversionOptionsFromArgs(parsed);
    const quiet = parsed.values.quiet === true;
    const result = await withEngine(parsed.values.verbose === true, async (ctx) => {
      const r = await ctx.engine.run(
        'convert',
        { ...options, model: path.resolve(model!), recipe, output },
        { signal: ctx.signal, onProgress: (p) => !quiet && ctx.progress.update(p) },
      );
      ctx.progress.finish();
      return r;
    });
    const m = result.manifest;
    process.stdout.write(`Wrote ${result.output} (${(m.sizeRatio * 100).toFixed(1)}% of the source's size)\nManifest ${result.manifestPath}\n`);
    for (const note of m.notes) process.stdout.write(`  - ${note}\n`);
    return EXIT.ok;
  },
};
