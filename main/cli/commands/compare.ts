import path from 'node:path';
import { parseGateSpec } from '../../../shared/gate-spec.js';
import { runSlug } from '../../../shared/run-slug.js';
import { CompareParamsSchema as P, MAX_CANDIDATES, type CandidateSourceInput, type CompareResult } from '../../../shared/contract/jobs/compare.js';
import { ConversionOptionsSchema, RECIPES } from '../../../shared/contract/jobs/convert.js';
import { newRunDir } from '../../engine/index.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT, gateExit } from '../exit-codes.js';
import { absolutePath, integerIn, numberIn, postprocessFile, preprocessFile } from '../flag-values.js';
import { flagText, param, paramsFrom, requirePositionals, type FlagTable, type Parsed } from '../flags.js';
import { formatCompareSummary, formatRobustnessHeadline } from '../format/summary.js';
import { shardNoteSentence } from '../../../shared/report/shards-section.js';
import { parseShardFlag } from '../shard-flag.js';
import { conversionFlags, hidden, recipesFlag } from './conversion-flags.js';
import { OUTPUT_FLAGS } from './output-flags.js';
import { copiesOf, REPORT_COPY_FLAGS } from './report-copies.js';
import { PERTURB_FLAGS, checkPerturbFlags } from './perturb-flags.js';
import { ENDPOINT_FLAGS } from './endpoint-flags.js';
import { parseEndpointUrl } from '../../../shared/serving.js';

const FLAGS: FlagTable = {
  'candidate-recipe': {
    value: 'r',
    help: `${RECIPES.join('|')}, or several separated by commas (each a candidate); takes the conversion flags of \`parity convert\` (--calib, --calib-method, --calib-size, --calib-seed, --per-channel, --reduce-range, …)`,
  },
  ...hidden(conversionFlags('calib-seed')),
  ...ENDPOINT_FLAGS,
  images: { value: 'dir', help: 'folder of images (with --labels: one subfolder per class name)' },
  labels: { value: 'file', help: 'class names, one per line (line i = class index i), for accuracy', param: param(P, 'labels'), parse: absolutePath },
  charset: {
    value: 'file',
    help: "a CTC text recogniser's symbols, one per line (class 0 is the blank; PaddleOCR's ppocr_keys_v1.txt), to compare the text both models read",
    param: param(P, 'charset'),
    parse: absolutePath,
  },
  preprocess: { value: 'file', help: 'preprocessing spec JSON (fields missing are taken from the model)', param: param(P, 'preprocess'), parse: preprocessFile },
  postprocess: {
    value: 'file',
    help: 'detector post-processing spec JSON (kind yolo|boxes-scores|detections, thresholds, NMS, classes): compares boxes, scores and classes',
    param: param(P, 'postprocess'),
    parse: postprocessFile,
  },
  boxes: { value: 'file|dir', help: 'ground-truth boxes, COCO JSON or a folder of YOLO txt files, for each model’s own mAP', param: param(P, 'boxes'), parse: absolutePath },
  ...PERTURB_FLAGS,
  out: { value: 'dir', help: 'run folder for report.json/html/csv', shownDefault: "a new folder under Parity's data dir" },
  ...REPORT_COPY_FLAGS,
  threads: { value: 'n', help: 'intra-op threads per model', param: param(P, 'threads'), parse: integerIn(1, 1024), shownDefault: 'all cores' },
  threshold: { value: 't', help: 'threshold for dense-map IoU/Dice', param: param(P, 'threshold'), parse: numberIn(0, 1) },
  atol: { value: 'x', help: 'allclose absolute tolerance: an output element fails only beyond both tolerances', param: param(P, 'tolerance', 'atol'), parse: numberIn(0, 1e6) },
  rtol: { value: 'x', help: "allclose relative tolerance; both defaults are Polygraphy's", param: param(P, 'tolerance', 'rtol'), parse: numberIn(0, 1e6) },
  'top-k': { value: 'k', help: 'top-k kept per image', param: param(P, 'topK'), parse: integerIn(1, 100) },
  'max-images': { value: 'n', help: 'use only the first n images', param: param(P, 'maxImages'), parse: integerIn(1, 10_000_000) },
  'fail-under': {
    value: 'spec',
    help: 'gate, e.g. top1Agreement=0.99,accuracy=0.9,maxAbsDiff<=0.01\n(metric=value: at least value for agreement-like metrics, at most for errors)',
    param: param(P, 'gate'),
    parse: parseGateSpec,
  },
  'no-bench': { help: 'leave out the performance section (speed, memory and size of both models)', param: param(P, 'bench'), sets: false },
  'bench-runs': { value: 'n', help: 'interleaved timed runs per model for that section', param: param(P, 'benchRuns'), parse: integerIn(1, 100_000) },
  'no-layers': { help: "leave out a quantized candidate's layerwise error (see `parity layers`)", param: param(P, 'layers'), sets: false },
  shard: {
    value: 'k/N',
    help: 'compare only shard k of N (k = 0 … N−1): the images whose path hashes to k; `auto`: k from $PARITY_SHARD_INDEX or $JOB_COMPLETION_INDEX, N from $PARITY_SHARD_COUNT. Join the shards with `parity merge`',
    param: param(P, 'shard'),
    parse: (text) => parseShardFlag(text),
    shownDefault: 'all images',
  },
  resume: {
    value: 'run-dir',
    help: "continue an interrupted run (killed, crashed) from its last checkpoint, with the run's own models and options; the final report equals an uninterrupted run's",
  },
  ...OUTPUT_FLAGS,
};

function printResult(result: CompareResult, names: { reference: string; candidate: string }): number {
  process.stdout.write(`${formatCompareSummary(result, names)}\n`);
  const perCandidate = (result.candidates ?? []).filter((c) => c.robustness);
  if (perCandidate.length > 1) for (const c of perCandidate) process.stdout.write(`${formatRobustnessHeadline(c.robustness!, c.name)}\n`);
  else if (result.robustness) process.stdout.write(`${formatRobustnessHeadline(result.robustness)}\n`);
  if (result.shard) {
    // One shard's figures cover part of the images: the merged run's gate decides, so a shard job never fails on it.
    process.stdout.write(`${shardNoteSentence(result.shard, result.images.count)}\n`);
    return EXIT.ok;
  }
  return gateExit(result.gate.passed);
}

export const compareCommand: CliCommand = {
  summary: 'compare a reference and a candidate model on a folder of images',
  usage: [
    'compare <reference.onnx> <candidate.onnx> --images <dir> [options]',
    'compare <reference.onnx> --candidate-recipe <recipe> --images <dir> [--calib <dir>] [options]',
    'compare --reference-outputs <dir|file.npz> <candidate.onnx> --images <dir> [options]',
    'compare [<reference.onnx> | --reference-url <url>] [<candidate.onnx> | --candidate-url <url>] --images <dir> [--concurrency 1,8]',
    'compare <reference.onnx> <candidate.onnx>… [--candidate-recipe <recipe>,…] --images <dir> [options]',
  ],
  description: `Runs both models on every image and reports where their predictions agree and where they drift. With
--candidate-recipe the candidate is the reference converted with that recipe (as \`parity convert\` does; cached
under Parity's cache folder by source hash, recipe and options) and the report shows its conversion manifest.
Either side may be what runs in production instead of a model file: outputs another framework saved for each
image (--reference-outputs; \`parity export-script\` writes a script that saves them), or a served model
(--reference-url, --candidate-url: KServe v2 or TF Serving REST), each image's tensor posted to it and its answer
compared like a local model's. With an endpoint, or --concurrency, a serving pass follows: every image served
again by each side sequentially and with parallel clients, timed side by side.
Several candidates (files, then recipes, up to ${MAX_CANDIDATES}) are compared side by side in one run: every image is
decoded once and the reference runs once per image (and once per perturbed image under --perturb, each perturbed
image made once for all); the report gains one entry per candidate in candidates[] with its own summary,
perturbations and performance (the top-level figures are the first candidate's) and the gate passes only when
every candidate meets it.`,
  flags: FLAGS,
  examples: [
    'parity compare model.onnx model.int8.onnx --images val/ --labels labels.txt --fail-under top1Agreement=0.99',
    'parity compare model.onnx model.int8.onnx --images val/ --perturb fog,occlusion_branches,gaussian_noise --severity 1-5',
    'parity compare model.onnx --candidate-recipe int8-static --calib calib-images/ --images val/',
    'parity compare model.onnx model.fp16.onnx --candidate-recipe int8-dynamic --images val/ --perturb fog --severity 3,5',
    'parity compare --reference-outputs tf-outputs/ model.onnx --images val/ --preprocess preprocess.json',
    'parity compare model.onnx --candidate-url http://127.0.0.1:8080/v2/models/classifier --images val/ --concurrency 1,8',
    'AUTH="Bearer $TOKEN" parity compare --reference-url https://tf.example/v1/models/cls --candidate-url https://ovms.example/v2/models/cls --auth-env AUTH --images val/',
    'parity compare yolox.onnx yolox.int8.onnx --images photos/ --postprocess post.json --boxes instances.json --fail-under detection.map50=0.95',
    'parity compare model.onnx model.fp16.onnx --candidate-recipe optimized,int8-static --calib calib/ --images val/ --labels labels.txt',
    'parity compare --resume <run-dir>   # after a crash, a kill or Ctrl-C: the same report as an uninterrupted run',
    'parity compare model.onnx model.int8.onnx --images val/ --shard 2/8 --out shard-2/   # then: parity merge shard-*/ --out run/',
  ],
  exitStatus: '0 when the gate passes (or there is none, or the run is one shard: the merge applies the gate), 1 when it fails, 2 on bad input, 130 when cancelled.',
  async run(parsed) {
    const resumeDir = flagText(parsed, 'resume');
    if (resumeDir !== undefined) return resumeRun(parsed, resumeDir);
    const referenceElsewhere = flagText(parsed, 'reference-outputs') ?? flagText(parsed, 'reference-url');
    const candidateUrl = flagText(parsed, 'candidate-url');
    const recipes = recipesFlag(parsed, 'candidate-recipe');
    const positionals = [...parsed.positionals];
    if (!referenceElsewhere && positionals.length === 0) requirePositionals('compare', parsed, ['reference.onnx', 'candidate.onnx']);
    const reference = referenceElsewhere ? '' : (positionals.shift() ?? '');
    const files = positionals;
    if (candidateUrl && files.length + recipes.length > 0) return usageError('--candidate-url is the run\'s one candidate: give no candidate file or recipe with it.');
    if (!candidateUrl && files.length + recipes.length === 0) return usageError('parity compare: missing <candidate.onnx> (a model file after the reference) or --candidate-recipe <recipe>.');
    if (files.length + recipes.length > MAX_CANDIDATES) return usageError(`parity compare takes at most ${MAX_CANDIDATES} candidates (${files.length + recipes.length} given).`);
    const images = flagText(parsed, 'images');
    if (!images) return usageError('parity compare needs --images <dir>.');
    checkPerturbFlags(parsed);
    // The compare report measures speed itself, so each conversion skips its own timing.
    const conversion = { measureSpeed: false, ...paramsFrom(FLAGS, parsed, ConversionOptionsSchema) };
    const sources: CandidateSourceInput[] = [
      ...files.map((file) => ({ candidate: path.resolve(file), candidateRecipe: null })),
      ...recipes.map((recipe) => ({ candidate: '', candidateRecipe: { ...conversion, recipe } })),
    ];
    const names = [...files.map((file) => path.parse(file).name), ...recipes];
    const [first, ...more] = sources;
    const out = flagText(parsed, 'out');
    const result = await runJob(
      'compare',
      {
        ...paramsFrom(FLAGS, parsed, P),
        images: path.resolve(images),
        reference: reference ? path.resolve(reference) : '',
        ...(first ?? { candidate: '', candidateRecipe: null }),
        moreCandidates: more,
        runDir: out ? path.resolve(out) : newRunDir(runSlug(sideName(reference, referenceElsewhere), names.length > 0 ? names.join('+') : sideName('', candidateUrl))),
        copies: copiesOf(parsed),
      },
      outputOf(parsed),
    );
    return printResult(result, {
      reference: reference ? path.basename(reference) : sideLabel(referenceElsewhere),
      candidate: files[0] !== undefined ? path.basename(files[0]) : recipes[0] !== undefined ? `${recipes[0]} variant` : sideLabel(candidateUrl),
    });
  },
};

/** A short name for a side: the model file's stem, the served model's name, or the saved outputs' folder. */
function sideName(file: string, elsewhere: string | undefined): string {
  if (file) return path.parse(file).name;
  const address = elsewhere ? parseEndpointUrl(elsewhere) : null;
  return address && typeof address !== 'string' ? address.model : path.parse(elsewhere ?? 'outputs').name;
}

/** How the summary names a side that is no model file. */
function sideLabel(elsewhere: string | undefined): string {
  const address = elsewhere ? parseEndpointUrl(elsewhere) : null;
  return address && typeof address !== 'string' ? `${address.model} at ${address.base}` : `saved outputs ${path.basename(elsewhere ?? '')}`;
}

/** `--resume <run-dir>`: the interrupted run's own parameters, continued from its last checkpoint. */
async function resumeRun(parsed: Parsed, runDir: string): Promise<number> {
  if (parsed.positionals.length > 0) return usageError('--resume takes the run folder only: the models and options are the run\'s own.');
  const copies = copiesOf(parsed);
  const result = await runJob('resume', { runDir: path.resolve(runDir), ...(Object.keys(copies).length > 0 ? { copies } : {}) }, outputOf(parsed));
  return printResult(result, { reference: 'reference', candidate: 'candidate' });
}

function usageError(message: string): number {
  process.stderr.write(`parity: error: ${message}\nhint: run \`parity compare --help\`\n`);
  return EXIT.usage;
}
