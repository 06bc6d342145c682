import path from 'node:path';
import { ConversionOptionsSchema, RECIPES } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { preprocessFile } from '../flag-values.js';
import { flagText, param, paramsFrom, requirePositionals, type FlagTable } from '../flags.js';
import { conversionFlags, recipeFlag } from './conversion-flags.js';
import { OUTPUT_FLAGS } from './output-flags.js';
import { formatSearch, searchFromArgs, SEARCH_FLAGS } from './search-flags.js';

const FLAGS: FlagTable = {
  recipe: { value: 'recipe', help: 'which variant to produce' },
  output: { value: 'file', short: 'o', help: 'output path', shownDefault: '<model>.<recipe>.onnx next to the model' },
  preprocess: { value: 'file', help: 'preprocessing spec JSON for calibration and timing images', param: param(ConversionOptionsSchema, 'preprocess'), parse: preprocessFile },
  ...conversionFlags('seed'),
  ...SEARCH_FLAGS,
  ...OUTPUT_FLAGS,
};

/** `<dir>/<name>.<recipe>.onnx` next to the model. */
export function defaultVariantPath(model: string, recipe: string): string {
  const parsed = path.parse(path.resolve(model));
  return path.join(parsed.dir, `${parsed.name}.${recipe}.onnx`);
}

export const convertCommand: CliCommand = {
  summary: 'convert a model into an optimized, FP16 or INT8 variant with a manifest',
  usage: ['convert <model.onnx> --recipe <recipe> [-o out.onnx] [options]'],
  description: `Writes a variant of the model and <name>.manifest.json next to it.

Recipes:
  optimized      ONNX Runtime graph optimizations, saved at the portable level ('extended')
  fp16           weights and compute in float16, inputs and outputs kept float32
  fp16-weights   weights stored as float16, cast to float32 at load: half the file, float32 speed
  int8-dynamic   int8 MatMul/Gemm weights, activations quantized at run time
  int8-static    QDQ int8, calibrated on your images (needs --calib), placed so that ONNX Runtime runs
                 it as integer kernels end to end (Relu/ReLU6 folded, Add/Mul/Concat/pools quantized)

With --target (int8-static) the conversion searches: each candidate (calibration methods, weight granularity,
the most sensitive nodes kept in float, and optimized/fp16-weights when int8 is not faster here) is converted,
checked for the target on the validation images and timed against the original on this CPU; the fastest that
meets the target is written, else the most accurate, with every candidate in the manifest's search section.`,
  flags: FLAGS,
  examples: [
    'parity convert model.onnx --recipe fp16',
    'parity convert model.onnx --recipe int8-static --calib calib-images/ --preprocess preprocess.json -o model.int8.onnx',
    'parity convert model.onnx --recipe int8-static --calib calib-images/ --val val-images/ --target "top1Agreement>=0.99" --budget 600',
  ],
  exitStatus: '0 on success (a search that met its target, or none asked), 1 when a search kept a candidate that misses the target, 2 when the recipe cannot apply or an option is wrong.',
  async run(parsed) {
    const [model] = requirePositionals('convert', parsed, ['model.onnx']);
    const recipe = recipeFlag(parsed, 'recipe');
    if (recipe === undefined) throw new ParityError('BAD_OPTION', 'parity convert needs --recipe.', `Recipes: ${RECIPES.join(', ')}.`);
    const output = path.resolve(flagText(parsed, 'output') ?? defaultVariantPath(model!, recipe));
    const options = paramsFrom(FLAGS, parsed, ConversionOptionsSchema);
    const search = searchFromArgs(parsed);
    const result = await runJob('convert', { ...options, model: path.resolve(model!), recipe, output, ...(search ? { search } : {}) }, outputOf(parsed));
    const m = result.manifest;
    process.stdout.write(`Wrote ${result.output} (${(m.sizeRatio * 100).toFixed(1)}% of the source's size)\nManifest ${result.manifestPath}\n`);
    if (m.search) {
      const verdict = new Set(m.search.verdict);
      for (const note of m.notes.filter((n) => !verdict.has(n))) process.stdout.write(`  - ${note}\n`);
      process.stdout.write(`${formatSearch(m.search)}\n`);
      return m.search.met ? EXIT.ok : EXIT.gateFailed;
    }
    for (const note of m.notes) process.stdout.write(`  - ${note}\n`);
    return EXIT.ok;
  },
};
