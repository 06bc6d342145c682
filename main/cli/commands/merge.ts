import path from 'node:path';
import type { MergeResult } from '../../../shared/contract/jobs/merge.js';
import { ParityError } from '../../../shared/errors.js';
import { formatDuration } from '../../../shared/report/format.js';
import { newRunDir } from '../../engine/index.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { gateExit } from '../exit-codes.js';
import { flagText, type FlagTable } from '../flags.js';
import { formatCompareSummary, formatRobustnessHeadline } from '../format/summary.js';
import { OUTPUT_FLAGS } from './output-flags.js';
import { copiesOf, REPORT_COPY_FLAGS } from './report-copies.js';

const FLAGS: FlagTable = {
  out: { value: 'dir', help: 'run folder for the merged report.json/html/csv', shownDefault: "a new folder under Parity's data dir" },
  ...REPORT_COPY_FLAGS,
  ...OUTPUT_FLAGS,
};

function shardLines(result: MergeResult): string[] {
  return [
    `Merged ${result.shards.length} shards in ${formatDuration(result.mergeMs)}; performance was measured per shard:`,
    ...result.shards.map(
      (s) => `  shard ${s.index}: ${s.images} images in ${formatDuration(s.totalMs)} on ${s.cpuModel}${s.performance ? ` — ${s.performance}` : ' (no performance section)'}`,
    ),
  ];
}

export const mergeCommand: CliCommand = {
  summary: 'join the run folders of a sharded comparison (compare --shard k/N) into the whole run\'s report',
  usage: ['merge <shard-run-dir> <shard-run-dir> … [--out <dir>]'],
  description: `Joins the run folders of \`parity compare … --shard k/N\` (k = 0 … N−1, one per machine or CI job) into the
report one machine would have written: the same JSON, HTML and CSV — metrics, per-image rows, perturbation tables,
flips — with the gate applied to the whole run. It first checks that the shards belong together (same Parity
version, models by hash, options, preprocessing, labels and image listing; every shard exactly once, covering
every image once) and refuses with the reason otherwise. Speed and memory stay per shard, side by side: machines
differ. No model runs and no image is read: the shards hold everything the report needs.`,
  flags: FLAGS,
  examples: [
    'parity compare model.onnx model.int8.onnx --images val/ --shard 0/3 --out shard-0/   # … and 1/3, 2/3 elsewhere',
    "parity merge shard-0/ shard-1/ shard-2/ --out run/   # exit 1 when the whole run fails the shards' --fail-under gate",
    'parity merge shards/*/ --out run/ --json report.json',
  ],
  exitStatus: '0 when the merged run passes its gate (or has none), 1 when it fails, 2 when the shards do not belong together or are missing, unfinished or overlapping, 130 when cancelled.',
  async run(parsed) {
    if (parsed.positionals.length === 0) {
      throw new ParityError('BAD_OPTION', 'parity merge: missing <shard-run-dir> … (the --out folders of the shards).', 'Run `parity merge --help`.');
    }
    const out = flagText(parsed, 'out');
    const result = await runJob(
      'merge',
      {
        shards: parsed.positionals.map((p) => path.resolve(p)),
        runDir: out ? path.resolve(out) : newRunDir('merged'),
        copies: copiesOf(parsed),
      },
      outputOf(parsed),
    );
    process.stdout.write(`${formatCompareSummary(result, { reference: path.basename(result.models.reference), candidate: path.basename(result.models.candidate) })}\n`);
    if (result.robustness) process.stdout.write(`${formatRobustnessHeadline(result.robustness)}\n`);
    process.stdout.write(`${shardLines(result).join('\n')}\n`);
    return gateExit(result.gate.passed);
  },
};
