import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Recipe } from '../../../shared/contract/jobs/convert.js';
import type { CompareResult } from '../../../shared/contract/jobs/compare.js';
import type { PerturbationName } from '../../../shared/perturbations/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { formatCompareSummary } from '../format/summary.js';

/** The variants the demo builds from the sample model and compares with it (int8-static calibrates on the demo images). */
export const DEMO_RECIPES: readonly Recipe[] = ['int8-static', 'fp16', 'optimized'];

/** What real cameras do to images, at middle severity: the int8-static comparison (the lossiest variant) adds them. */
export const DEMO_PERTURBATIONS: readonly PerturbationName[] = ['gaussian_noise', 'motion_blur', 'fog', 'jpeg_compression', 'occlusion_patch'];
const DEMO_SEVERITY = 3;

const usage = `Usage: parity demo [--out <dir>]

Runs the whole pipeline on the built-in sample: the PaddleOCR text-orientation classifier and labelled text-line
images (upright in 0/, upside down in 180/). Converts the model into variants (${DEMO_RECIPES.join(', ')}; int8-static
is calibrated on the same images), compares each with the original and writes the reports. The int8-static
comparison also runs under ${DEMO_PERTURBATIONS.join(', ')} at severity ${DEMO_SEVERITY}.

Options:
  --out <dir>     where the variants and reports go (default: ./parity-demo)
  --quiet         no progress output
  --verbose       show the engine's log`;

export const demoCommand: CliCommand = {
  summary: 'run the whole pipeline on the built-in sample model and images',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('demo', argv, {
      out: { type: 'string' },
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const out = path.resolve(stringOption(parsed, 'out') ?? 'parity-demo');
    const quiet = parsed.values.quiet === true;
    await fs.mkdir(out, { recursive: true });
    const results = await withEngine(parsed.values.verbose === true, async (ctx) => {
      const sample = await ctx.engine.run('sample', {}, { signal: ctx.signal });
      const onProgress = quiet ? undefined : (p: Parameters<typeof ctx.progress.update>[0]): void => ctx.progress.update(p);
      const done: Array<{ recipe: Recipe; result: CompareResult }> = [];
      for (const recipe of DEMO_RECIPES) {
        const variant = path.join(out, 'models', `${path.parse(sample.modelPath).name}.${recipe}.onnx`);
        // The compare report measures speed side by side, so the conversion skips its own timing.
        const conversion = { model: sample.modelPath, recipe, output: variant, preprocess: sample.preprocess, measureSpeed: false };
        await ctx.engine.run('convert', recipe === 'int8-static' ? { ...conversion, calib: sample.imagesDir } : conversion, {
          signal: ctx.signal,
          ...(onProgress ? { onProgress } : {}),
        });
        const result = await ctx.engine.run(
          'compare',
          {
            reference: sample.modelPath,
            candidate: variant,
            images: sample.imagesDir,
            labels: sample.labelsPath,
            preprocess: sample.preprocess,
            runDir: path.join(out, recipe),
            ...(recipe === 'int8-static' ? { perturb: [...DEMO_PERTURBATIONS], severities: [DEMO_SEVERITY] } : {}),
          },
          { signal: ctx.signal, ...(onProgress ? { onProgress } : {}) },
        );
        ctx.progress.finish();
        done.push({ recipe, result });
      }
      return { sample, done };
    });
    process.stdout.write(`Sample: ${results.sample.description}\n\n`);
    for (const { recipe, result } of results.done) {
      process.stdout.write(
        `${formatCompareSummary(result, { reference: path.basename(results.sample.modelPath), candidate: `${recipe} variant` })}\n\n`,
      );
    }
    return results.done.every((d) => d.result.gate.passed) ? EXIT.ok : EXIT.gateFailed;
  },
};
