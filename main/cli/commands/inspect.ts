import path from 'node:path';
import type { ModelInfo, TensorSignature } from '../../../shared/model-info.js';
import { InspectParamsSchema } from '../../../shared/contract/jobs/inspect.js';
import { ParityError } from '../../../shared/errors.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { flagSet, param, paramsFrom, requirePositionals, type FlagTable } from '../flags.js';
import { formatBytes, formatCount } from '../format/units.js';
import { VERBOSE_FLAG } from './output-flags.js';
import { proposePostprocess } from '../../../shared/propose-postprocess.js';

const FLAGS: FlagTable = {
  json: { help: 'print the figures as JSON' },
  shape: {
    value: 'name:dims',
    help: 'concrete shape for symbolic input dims, to estimate FLOPs (e.g. x:1x3x48x192)',
    param: param(InspectParamsSchema, 'inputShapes'),
    parse: parseInputShapes,
  },
  ...VERBOSE_FLAG,
};

/** Parses "x:1x3x48x192,y:1x10" into a name → shape map. */
export function parseInputShapes(spec: string): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = part.lastIndexOf(':');
    const name = part.slice(0, colon);
    const dims = part.slice(colon + 1).split('x').map(Number);
    if (colon <= 0 || dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new ParityError('BAD_OPTION', `--shape "${part}" is not of the form name:1x3x224x224.`, 'Give each symbolic input a concrete shape, e.g. --shape x:1x3x48x192.');
    }
    shapes[name] = dims;
  }
  return shapes;
}

function shapeText(t: TensorSignature): string {
  return t.shape ? `[${t.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : '(unknown shape)';
}

export function formatModelInfo(info: ModelInfo): string {
  const width = Math.max(8, ...[...info.inputs, ...info.outputs].map((t) => t.name.length));
  const row = (t: TensorSignature): string => `  ${t.name.padEnd(width)}  ${t.dtype.padEnd(8)} ${shapeText(t)}`;
  const opsets = info.opsetImports.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  const ops = Object.entries(info.opHistogram)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const flops =
    info.flops === null
      ? `unknown (${info.flopsUnknownNodes} Conv/Gemm/MatMul nodes with symbolic shapes; pass --shape)`
      : `${formatCount(info.flops)}FLOPs per inference${info.flopsUnknownNodes ? ` (+${info.flopsUnknownNodes} nodes not counted)` : ''}`;
  return [
    `Model       ${info.path}`,
    `File        ${formatBytes(info.fileSizeBytes)}${info.externalDataBytes ? ` + ${formatBytes(info.externalDataBytes)} external data` : ''}`,
    `Producer    ${info.producer.name || 'unknown'} ${info.producer.version}`.trimEnd(),
    `Format      IR ${info.irVersion}, opsets: ${opsets}`,
    'Inputs',
    ...info.inputs.map(row),
    'Outputs',
    ...info.outputs.map(row),
    `Nodes       ${info.nodeCount}`,
    `Parameters  ${formatCount(info.parameterCount)} (${formatBytes(info.initializerBytes)})`,
    `Compute     ${flops}`,
    `Ops         ${ops}`,
    ...(info.initializerInputs > 0 ? [`Legacy      ${info.initializerInputs} weights are also listed as graph inputs (an older exporter); Parity treats them as constants`] : []),
    ...(Object.keys(info.metadata).length > 0 ? ['Metadata', ...Object.entries(info.metadata).map(([k, v]) => `  ${k} = ${v.length > 100 ? `${v.slice(0, 97)}...` : v}`)] : []),
    ...proposalLines(info),
    ...detectorGuess(info),
  ].join('\n');
}

/** The proposed --preprocess spec, one field a line with where it came from; guesses are marked. */
function proposalLines(info: ModelInfo): string[] {
  const proposal = info.proposedPreprocess;
  if (!proposal) return [];
  const entries = Object.entries(proposal.spec);
  const width = Math.max(...entries.map(([k]) => k.length));
  return [
    'Preprocess  proposed --preprocess spec (check every "guess" against how the model was trained):',
    ...entries.map(([k, v]) => {
      const field = proposal.fields[k];
      return `  ${k.padEnd(width)}  ${JSON.stringify(v).padEnd(24)} ${field?.source === 'guess' ? 'guess' : `from ${field?.source ?? 'model'}`}: ${field?.why ?? ''}`;
    }),
    `  as JSON: ${JSON.stringify(proposal.spec)}`,
  ];
}

/** The post-processing spec the output shapes suggest, said to be a guess. */
function detectorGuess(info: ModelInfo): string[] {
  const proposal = proposePostprocess(info.inputs, info.outputs);
  if (!proposal) return [];
  return [
    `Detector?   a guess from the output shapes: ${proposal.reading}.`,
    `            Check it, add thresholds and classes, and pass it as --postprocess post.json:`,
    `            ${JSON.stringify(proposal.spec)}`,
  ];
}

export const inspectCommand: CliCommand = {
  summary: 'show a model\'s inputs, outputs, ops, parameters, size and FLOPs',
  usage: ['inspect <model.onnx> [options]'],
  description: 'Prints a model\'s inputs and outputs, opsets, producer, node and parameter counts, sizes and estimated FLOPs.',
  flags: FLAGS,
  examples: ['parity inspect model.onnx', 'parity inspect model.onnx --json --shape x:1x3x224x224'],
  exitStatus: '0 on success, 2 when the file is not a usable ONNX model or an option is wrong.',
  async run(parsed) {
    const [model] = requirePositionals('inspect', parsed, ['model.onnx']);
    // Inspecting is quick: no progress line, whatever the flags.
    const info = await runJob('inspect', { ...paramsFrom(FLAGS, parsed, InspectParamsSchema), model: path.resolve(model!) }, { ...outputOf(parsed), progress: false });
    process.stdout.write(flagSet(parsed, 'json') ? `${JSON.stringify(info, null, 2)}\n` : `${formatModelInfo(info)}\n`);
    return EXIT.ok;
  },
};
