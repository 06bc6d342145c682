import path from 'node:path';
import { BundleParamsSchema as P, CODE_LANGUAGES, RESIZE_KERNEL_IDS, type BundleResult } from '../../../shared/contract/jobs/bundle.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { absolutePath, integerIn, namesFrom, oneOf, preprocessFile } from '../flag-values.js';
import { flagText, param, paramsFrom, requirePositionals, type FlagTable } from '../flags.js';
import { OUTPUT_FLAGS } from './output-flags.js';

const FLAGS: FlagTable = {
  output: { value: 'file', short: 'o', help: 'the bundle', shownDefault: '<model>.bundle.onnx next to the model' },
  preprocess: { value: 'file', help: "preprocessing spec JSON (fields missing are taken from the model's input)", param: param(P, 'preprocess'), parse: preprocessFile },
  images: {
    value: 'dir',
    help: 'images to choose the resize kernel and check the bundle on',
    param: param(P, 'images'),
    parse: absolutePath,
    shownDefault: 'seeded synthetic images',
  },
  'max-images': { value: 'n', help: 'at most n of them, spread over the folder', param: param(P, 'maxImages'), parse: integerIn(1, 1024) },
  resize: {
    value: 'kernel',
    help: `auto (measure every candidate, keep the closest to Parity's resize) or one of ${RESIZE_KERNEL_IDS.join(', ')}`,
    param: param(P, 'resize'),
    parse: oneOf(['auto', ...RESIZE_KERNEL_IDS]),
  },
  softmax: { help: 'add a softmax on the first output (a class-score row [batch, classes])', param: param(P, 'softmax') },
  'top-k': { value: 'n', help: 'add top-k outputs (top_k_scores, top_k_indices); the programs print them', param: param(P, 'topK'), parse: integerIn(1, 1000) },
  labels: { value: 'file', help: "class names, one per line, stored in the model's metadata_props as class_names", param: param(P, 'labels'), parse: absolutePath },
  code: { value: 'list', help: 'languages to write programs for', param: param(P, 'languages'), parse: namesFrom(CODE_LANGUAGES) },
  'no-code': { help: 'write no programs', param: param(P, 'languages'), sets: [] },
  seed: { value: 'n', help: 'seed of the synthetic images', param: param(P, 'seed'), parse: integerIn(0, 2 ** 31 - 1) },
  ...OUTPUT_FLAGS,
};

/** `<dir>/<name>.bundle.onnx` next to the model. */
export function defaultBundlePath(model: string): string {
  const parsed = path.parse(path.resolve(model));
  return path.join(parsed.dir, `${parsed.name}.bundle.onnx`);
}

const fixed = (v: number | null, digits: number): string => (v === null ? '—' : v.toFixed(digits));

/** What `parity bundle` prints: the files, the kernel choice with every candidate, and the checks. */
export function formatBundleSummary(result: BundleResult): string {
  const m = result.manifest;
  const lines = [`Wrote ${result.output}`, `Manifest ${result.manifestPath}`];
  lines.push('', `Resize kernels against Parity's preprocessing (${m.checks.note}), pixel |Δ| on 0–255:`);
  lines.push('  kernel                  mean     p99   max');
  for (const c of m.resize.candidates) {
    const mark = c.kernel.id === m.resize.chosen.id ? '← used' : '';
    lines.push(`  ${c.kernel.id.padEnd(22)} ${fixed(c.meanAbsDiff, 3).padStart(6)} ${fixed(c.p99AbsDiff, 0).padStart(6)} ${fixed(c.maxAbsDiff, 0).padStart(5)}  ${mark}`);
  }
  lines.push('', 'Bundle fed the decoded image vs the original fed Parity\'s preprocessing:');
  for (const o of m.checks.outputs) {
    const top1 = o.top1Agreement === null ? '' : `, top-1 agreement ${(o.top1Agreement * 100).toFixed(1)}%`;
    lines.push(`  ${o.name}: max |Δ| ${o.maxAbsDiff.toPrecision(3)}, mean |Δ| ${o.meanAbsDiff.toPrecision(3)}${top1}`);
  }
  for (const note of m.notes) lines.push(`  - ${note}`);
  if (result.codeDir) {
    lines.push('', `Programs in ${result.codeDir} (README.md there):`);
    for (const c of m.code) lines.push(`  ${c.language.padEnd(11)} ${c.run}`);
  }
  return lines.join('\n');
}

export const bundleCommand: CliCommand = {
  summary: 'put the preprocessing inside the model and write programs that run it in five languages',
  usage: ['bundle <model.onnx> --preprocess <spec.json> [-o model.bundle.onnx] [options]'],
  description: `Writes a model whose input is the decoded image — image: uint8 [1, height, width, 3], RGB, any size — with the
preprocessing of the spec inside the graph (resize, channel order, scale/mean/std, layout, dtype), then the
original graph; <name>.manifest.json beside it (spec, the resize kernel chosen and why, the checks against the
original fed Parity's own preprocessing), and <name>.code/ with programs that run it in Python, Java, C#, C++
and JavaScript.`,
  flags: FLAGS,
  examples: [
    'parity bundle model.onnx --preprocess preprocess.json --images val/ --top-k 5 --labels labels.txt',
    'parity compare model.onnx model.bundle.onnx --images val/  # the bundle fed the decoded image, the original Parity\'s tensor',
  ],
  exitStatus: '0 when written, 2 on bad input (model, spec, option), 3 on an internal fault.',
  async run(parsed) {
    const [model] = requirePositionals('bundle', parsed, ['model.onnx']);
    const params = paramsFrom(FLAGS, parsed, P);
    const output = path.resolve(flagText(parsed, 'output') ?? defaultBundlePath(model!));
    const result = await runJob('bundle', { ...params, model: path.resolve(model!), output }, outputOf(parsed));
    process.stdout.write(`${formatBundleSummary(result)}\n`);
    return EXIT.ok;
  },
};
