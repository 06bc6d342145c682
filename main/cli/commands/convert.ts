import path from 'node:path';
import { RECIPES, RecipeSchema } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { parseCommandArgs, requirePositionals, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';

const usage = `Usage: parity convert <model.onnx> --recipe <recipe> [-o out.onnx] [options]

Writes a variant of the model and <name>.manifest.json next to it.

Recipes: ${RECIPES.join(', ')}

Options:
  --recipe <recipe>        which variant to produce
  -o, --output <file>      output path (default: <model>.<recipe>.onnx next to the model)
  --hardware-specific      (optimized) allow ORT level 'all', tying the file to this CPU
  --quiet                  no progress output
  --verbose                show the engine's log`;

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
      'hardware-specific': { type: 'boolean' },
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const [model] = requirePositionals('convert', parsed, ['model.onnx']);
    const recipeName = stringOption(parsed, 'recipe');
    const recipe = RecipeSchema.safeParse(recipeName);
    if (!recipe.success) {
      throw new ParityError(
        'BAD_OPTION',
        recipeName ? `Unknown recipe "${recipeName}".` : 'parity convert needs --recipe.',
        `Recipes: ${RECIPES.join(', ')}.`,
      );
    }
    const output = path.resolve(stringOption(parsed, 'output') ?? defaultVariantPath(model!, recipe.data));
    const quiet = parsed.values.quiet === true;
    const result = await withEngine(parsed.values.verbose === true, (ctx) =>
      ctx.engine.run(
        'convert',
        { model: path.resolve(model!), recipe: recipe.data, output, hardwareSpecific: parsed.values['hardware-specific'] === true },
        { signal: ctx.signal, onProgress: (p) => !quiet && ctx.progress.update(p) },
      ),
    );
    process.stdout.write(`Wrote ${result.output}\nManifest ${result.manifestPath}\n`);
    return EXIT.ok;
  },
};
