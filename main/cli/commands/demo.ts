import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Recipe } from '../../../shared/contract/jobs/convert.js';
import type { CompareResult } from '../../../shared/contract/jobs/compare.js';
import type { PerturbationName } from '../../../shared/perturbations/index.js';
import type { CliCommand } from '../command.js';
import { outputOf, withEngine } from '../engine-session.js';
import { gateExit } from '../exit-codes.js';
import { flagText, type FlagTable } from '../flags.js';
import { formatCompareSummary } from '../format/summary.js';
import { OUTPUT_FLAGS } from './output-flags.js';

/** The variants the demo builds from the sample model and compares with it (int8-static calibrates on the demo images). */
export const DEMO_RECIPES: readonly Recipe[] = ['int8-static', 'fp16', 'optimized'];

/** What real cameras do to images, at middle severity: the int8-static comparison (the lossiest variant) adds them. */
export const DEMO_PERTURBATIONS: readonly PerturbationName[] = ['gaussian_noise', 'motion_blur', 'fog', 'jpeg_compression', 'occlusion_patch'];
const DEMO_SEVERITY = 3;

/** Where the demo writes when --out is not given (relative to the working folder). */
const DEMO_OUT = 'parity-demo';

const FLAGS: FlagTable = {
  out: { value: 'dir', help: 'where the variants and reports go', shownDefault: `./${DEMO_OUT}` },
  ...OUTPUT_FLAGS,
};

export const demoCommand: CliCommand = {
  summary: 'run the whole pipeline on the built-in sample model and images',
  usage: ['demo [--out <dir>]'],
  description: `Runs the whole pipeline on the built-in sample: the PaddleOCR text-orientation classifier and labelled text-line
images (upright in 0/, upside down in 180/). Converts the model into variants (${DEMO_RECIPES.join(', ')}; int8-static
is calibrated on the same images), compares each with the original and writes the reports. The int8-static
comparison also runs under ${DEMO_PERTURBATIONS.join(', ')} at severity ${DEMO_SEVERITY}.`,
  flags: FLAGS,
  examples: ['parity demo', 'parity demo --out /tmp/parity-demo --quiet'],
  exitStatus: '0 on success, 3 on an internal fault, 130 when cancelled.',
  async run(parsed) {
    const out = path.resolve(flagText(parsed, 'out') ?? DEMO_OUT);
    await fs.mkdir(out, { recursive: true });
    const results = await withEngine(outputOf(parsed), async (ctx) => {
      const sample = await ctx.run('sample', {}, { progress: false });
      const done: Array<{ recipe: Recipe; result: CompareResult }> = [];
      for (const recipe of DEMO_RECIPES) {
        const variant = path.join(out, 'models', `${path.parse(sample.modelPath).name}.${recipe}.onnx`);
        // The compare report measures speed side by side, so the conversion skips its own timing.
        const conversion = { model: sample.modelPath, recipe, output: variant, preprocess: sample.preprocess, measureSpeed: false };
        await ctx.run('convert', recipe === 'int8-static' ? { ...conversion, calib: sample.imagesDir } : conversion);
        const result = await ctx.run('compare', {
          reference: sample.modelPath,
          candidate: variant,
          images: sample.imagesDir,
          labels: sample.labelsPath,
          preprocess: sample.preprocess,
          runDir: path.join(out, recipe),
          ...(recipe === 'int8-static' ? { perturb: [...DEMO_PERTURBATIONS], severities: [DEMO_SEVERITY] } : {}),
        });
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
    return gateExit(results.done.every((d) => d.result.gate.passed));
  },
};
