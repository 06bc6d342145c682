import { DriftParamsSchema as P } from '../../../shared/contract/jobs/drift.js';
import { ParityError } from '../../../shared/errors.js';
import { DRIFT_GATE_METRIC_NAMES, MODEL_GATE_METRICS, parseDriftGateSpec } from '../../../shared/drift/gate-spec.js';
import { parsePerturbationList, parseSeed, parseSeverities, type PerturbationName } from '../../../shared/perturbations/index.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { gateExit } from '../exit-codes.js';
import { absolutePath, fromShared, integerIn, orBadOption, preprocessFile } from '../flag-values.js';
import { param, paramsFrom, requirePositionals, type FlagTable } from '../flags.js';
import { formatDriftSummary } from './drift-summary.js';
import { OUTPUT_FLAGS, reportCopies } from './output-flags.js';
import { severityText } from './perturb-flags.js';

/** --perturb: catalog names, all, or none (no perturbation matching). */
function perturbList(text: string): PerturbationName[] {
  return text.trim().toLowerCase() === 'none' ? [] : orBadOption(parsePerturbationList(text));
}

const FLAGS: FlagTable = {
  reference: { value: 'dir', help: 'the images the model was checked on', param: param(P, 'reference'), parse: absolutePath },
  field: { value: 'dir', help: "the images to check (e.g. this week's camera data)", param: param(P, 'field'), parse: absolutePath },
  model: { value: 'm.onnx', help: 'the model: output and feature shift; the statistics are then measured on its input pixels', param: param(P, 'model'), parse: absolutePath },
  candidate: { value: 'c.onnx', help: 'a variant of the model: its top-1 agreement with the model on both folders', param: param(P, 'candidate'), parse: absolutePath },
  preprocess: { value: 'file', help: 'preprocessing spec JSON (fields missing are taken from the model)', param: param(P, 'preprocess'), parse: preprocessFile },
  labels: { value: 'file', help: 'class names, one per line, for the predicted-class histogram', param: param(P, 'labels'), parse: absolutePath },
  'feature-node': { value: 'name', help: 'features from this tensor or node', param: param(P, 'featureNode'), shownDefault: 'the input of the last Gemm/MatMul' },
  run: {
    value: 'dir',
    help: 'a compare run with perturbations of the same models: the candidate\'s agreement at the perturbations the field resembles',
    param: param(P, 'robustnessRun'),
    parse: absolutePath,
  },
  perturb: {
    value: 'names|all|none',
    help: 'perturbations the field is matched against (`parity perturb --list` prints them; none skips the matching)',
    param: param(P, 'perturb'),
    parse: perturbList,
    shownDefault: 'all',
  },
  severity: { value: 'levels', help: 'their severities: 3, 1-5 or 1,3,5', param: param(P, 'severities'), parse: fromShared(parseSeverities), shownDefault: severityText },
  'resemble-sample': {
    value: 'n',
    help: 'reference images perturbed for that matching (their statistics are cached, so a later check against the same reference perturbs nothing); 0 skips it',
    param: param(P, 'resembleSample'),
    parse: integerIn(0, 10_000),
  },
  'mmd-sample': {
    value: 'n',
    help: 'feature vectors kept per folder for the MMD test (seeded reservoir; at most 2,000: the kernel matrix takes 8·(2n)² bytes)',
    param: param(P, 'mmdSample'),
    parse: integerIn(10, 2_000),
  },
  permutations: { value: 'n', help: 'permutations of the MMD test', param: param(P, 'permutations'), parse: integerIn(10, 100_000) },
  seed: { value: 'n', help: 'seed of the samples, permutations and perturbations', param: param(P, 'seed'), parse: fromShared(parseSeed) },
  'analysis-side': { value: 'px', help: 'without a model: longer side the images are measured at', param: param(P, 'analysisSide'), parse: integerIn(16, 4096) },
  'max-images': { value: 'n', help: 'use at most n images of each folder (spread evenly)', param: param(P, 'maxImages'), parse: integerIn(1, 10_000_000) },
  threads: { value: 'n', help: 'intra-op threads of the model sessions', param: param(P, 'threads'), parse: integerIn(1, 1024), shownDefault: 'all cores' },
  out: { value: 'dir', help: 'run folder for drift.json, drift.html and thumbs/', param: param(P, 'runDir'), parse: absolutePath, shownDefault: "a new folder under Parity's data dir" },
  json: { value: 'file', help: 'also write drift.json here' },
  report: { value: 'file.html', help: 'also write drift.html here' },
  'fail-over': {
    value: 'spec',
    help: `gate, e.g. psi=0.2,mmd-p=0.01: fails when a shift measure is over its threshold or a p-value under its own; measures: ${DRIFT_GATE_METRIC_NAMES.join(', ')}`,
    param: param(P, 'gate'),
    parse: parseDriftGateSpec,
  },
  ...OUTPUT_FLAGS,
};

export const driftCommand: CliCommand = {
  summary: 'check whether a field folder has drifted from the reference images (statistics, model view, perturbations)',
  usage: ['drift --reference <dir> --field <dir> [--model m.onnx [--candidate c.onnx]] [options]'],
  description: `Does this week's field data still look like the data the model was checked on? Compares the two folders' image
statistics (brightness, contrast, saturation, sharpness, noise, colour cast, resolution, aspect ratio, JPEG
quality) with PSI and the Kolmogorov–Smirnov test; with --model also the model's outputs (predicted class,
top-1 confidence, entropy) and features (MMD with a permutation test); and ranks the catalog perturbations by
how closely the reference, so perturbed, resembles the field. Writes drift.json and drift.html.`,
  flags: FLAGS,
  examples: [
    'parity drift --reference val/ --field field-2024-w18/ --fail-over psi=0.2',
    'parity drift --reference val/ --field field/ --model model.onnx --candidate model.int8.onnx --run <compare-run-dir> --fail-over psi=0.2,mmd-p=0.01',
  ],
  exitStatus: '0 when the gate passes (or there is none), 1 when the field drifted past it, 2 on bad input, 130 when cancelled.',
  async run(parsed) {
    requirePositionals('drift', parsed, []);
    const params = paramsFrom(FLAGS, parsed, P);
    const { reference, field, model } = params;
    if (!reference || !field) throw new ParityError('BAD_OPTION', 'parity drift needs --reference <dir> and --field <dir>.', 'Run `parity drift --help`.');
    if (params.candidate && !model) throw new ParityError('BAD_OPTION', '--candidate needs --model (the model it is a variant of).', 'Pass --model m.onnx --candidate c.onnx.');
    const needsModel = params.gate?.find((c) => MODEL_GATE_METRICS.has(c.metric));
    if (needsModel && !model) throw new ParityError('BAD_OPTION', `The gate measure ${needsModel.metric} needs --model.`, 'Pass --model m.onnx, or gate on psi, ks or ks-p only.');
    const copies = reportCopies(parsed, [['json', 'json'], ['report', 'html']]);
    const result = await runJob('drift', { ...params, reference, field, copies }, outputOf(parsed));
    process.stdout.write(`${formatDriftSummary(result.report)}\nReport: ${result.files.html}\n`);
    return gateExit(result.gate.passed);
  },
};
