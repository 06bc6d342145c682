import path from 'node:path';
import { LayersParamsSchema as P } from '../../../shared/contract/jobs/layers.js';
import { type Layerwise } from '../../../shared/report/layers-section.js';
import { ParityError } from '../../../shared/errors.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { formatError } from '../../../shared/report/format.js';
import { absolutePath, integerIn, numberIn, preprocessFile } from '../flag-values.js';
import { param, paramsFrom, requirePositionals, type FlagTable } from '../flags.js';
import { OUTPUT_FLAGS } from './output-flags.js';

const FLAGS: FlagTable = {
  images: { value: 'dir', help: 'images to run (JPEG, PNG, WebP, TIFF, GIF, AVIF)', param: param(P, 'images'), parse: absolutePath },
  preprocess: { value: 'file', help: "preprocessing spec JSON (fields left out come from the model's input)", param: param(P, 'preprocess'), parse: preprocessFile },
  'max-images': { value: 'n', help: 'at most n images, spread over the folder', param: param(P, 'maxImages'), parse: integerIn(1, 1_000_000) },
  floor: { value: 'dB', help: 'SQNR floor naming the first weak node', param: param(P, 'floorDb'), parse: numberIn(-100, 200) },
  threads: { value: 'n', help: 'intra-op threads', param: param(P, 'threads'), parse: integerIn(1, 1024), shownDefault: 'all cores' },
  json: { value: 'file', help: 'also write the result as JSON', param: param(P, 'json'), parse: absolutePath },
  ...OUTPUT_FLAGS,
};

function db(value: number | null): string {
  return value === null ? '∞' : value.toFixed(1);
}

/** The table and the two named nodes, as printed by the command. */
export function formatLayers(result: Layerwise): string {
  const rows = result.rows;
  const width = Math.min(48, Math.max(6, ...rows.map((r) => r.tensor.length)));
  const nodeWidth = Math.min(32, Math.max(4, ...rows.map((r) => `${r.candidateNode || r.node} (${r.candidateOp})`.length)));
  const lines = [
    `${'#'.padStart(4)}  ${'tensor'.padEnd(width)}  ${'node'.padEnd(nodeWidth)}  ${'SQNR dB'.padStart(8)}  ${'alone dB'.padStart(8)}  ${'cosine'.padStart(8)}  ${'max |Δ|'.padStart(9)}  q`,
  ];
  rows.forEach((r, i) => {
    const mark = i === result.firstBelowFloor ? '  ← first below the floor' : i === result.mostSensitive ? '  ← most sensitive alone' : '';
    const node = `${r.candidateNode || r.node} (${r.candidateOp})`;
    lines.push(
      `${String(i + 1).padStart(4)}  ${r.tensor.slice(0, width).padEnd(width)}  ${node.slice(0, nodeWidth).padEnd(nodeWidth)}  ${db(r.sqnrDb).padStart(8)}  ${(r.aloneSqnrDb === null ? '—' : r.aloneSqnrDb.toFixed(1)).padStart(8)}  ${(r.cosine === null ? 'n/a' : r.cosine.toFixed(5)).padStart(8)}  ${formatError(r.maxAbsDiff).padStart(9)}  ${r.quantized ? 'q' : ' '}${mark}`,
    );
  });
  lines.push('');
  lines.push(`${rows.length} tensors compared on ${result.images} image(s)${result.unmatched > 0 ? `; ${result.unmatched} reference tensor(s) have no counterpart in the candidate (fused or renamed)` : ''}.`);
  const first = result.firstBelowFloor === null ? null : rows[result.firstBelowFloor]!;
  lines.push(
    first === null
      ? `No tensor falls below ${result.floorDb} dB SQNR.`
      : `First below ${result.floorDb} dB: #${result.firstBelowFloor! + 1} ${first.tensor}, written by ${first.candidateNode || first.node} (${first.candidateOp}), at ${db(first.sqnrDb)} dB.`,
  );
  const weakest = result.mostSensitive === null ? null : rows[result.mostSensitive]!;
  if (weakest !== null) {
    lines.push(`Most sensitive on its own: ${weakest.candidateNode || weakest.node} (${weakest.candidateOp}), ${weakest.aloneSqnrDb!.toFixed(1)} dB when it is the only node quantized; keep it in float with --exclude-nodes ${weakest.candidateNode || weakest.node}.`);
  }
  for (const note of result.notes) lines.push(`  - ${note}`);
  return lines.join('\n');
}

export const layersCommand: CliCommand = {
  summary: 'layerwise error of a candidate against its reference (SQNR, cosine, max |Δ| per tensor)',
  usage: ['layers <reference.onnx> <candidate.onnx> --images <dir> [options]'],
  description: `Compares every intermediate tensor the two models share by name, along the reference's graph: SQNR, cosine and
max |Δ| of the candidate's tensor against the reference's over the images, the first node whose SQNR falls below
the floor, and the node most sensitive to quantization on its own. Where the candidate quantizes a tensor
(QuantizeLinear → DequantizeLinear), the dequantized value later nodes read is compared.

Columns: SQNR dB of the tensor as the candidate computes it; alone dB, its SQNR when its node is the only one
quantized (fed the reference's exact inputs: the node's own sensitivity); q: the candidate quantizes the tensor.`,
  flags: FLAGS,
  examples: ['parity layers model.onnx model.int8-static.onnx --images val/ --json layers.json'],
  exitStatus: '0 on success, 2 on bad input (model, images, option).',
  async run(parsed) {
    const [reference, candidate] = requirePositionals('layers', parsed, ['reference.onnx', 'candidate.onnx']);
    const params = paramsFrom(FLAGS, parsed, P);
    if (params.images === undefined) throw new ParityError('BAD_OPTION', 'parity layers needs --images <dir>.', 'Give a folder of images the models see in use.');
    const result = await runJob('layers', { ...params, images: params.images, reference: path.resolve(reference!), candidate: path.resolve(candidate!) }, outputOf(parsed));
    process.stdout.write(`${formatLayers(result)}\n`);
    if (params.json) process.stdout.write(`Wrote ${params.json}\n`);
    return EXIT.ok;
  },
};
