/**
 * Drift statistics against their peers, side by side on the same data in one run, rounds interleaved: the KS test
 * (SciPy's ks_2samp), PSI (NumPy), MMD² with a 500-permutation test (NumPy, vectorised) and the pixel statistics
 * of real images (NumPy + scipy.signal on Pillow's decode). Prints each side's median time, the ratio and the
 * largest difference of the values. Needs /work/venv/bin/python (or PARITY_PYTHON) with numpy, scipy, pillow.
 * Run: node dist/bench/drift-statistics.js [rounds]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../shared/seeded-random.js';
import { ksTwoSample } from '../main/engine/drift/ks-test.js';
import { countInBins, psiBinCount, psiOfCounts, quantileCuts } from '../main/engine/drift/psi.js';
import { mmdTest } from '../main/engine/drift/mmd.js';
import { pixelStatistics } from '../main/engine/drift/pixel-statistics.js';
import { decodeImage } from '../main/engine/images/index.js';
import { projectRoot } from '../main/engine/env/project-root.js';

interface Side {
  ks: number;
  pValue: number;
  ksMs: number;
  psi: number;
  psiMs: number;
  mmd2: number;
  mmdMs: number;
  pixelsMs: number;
  sharpness: number[];
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function ours(data: { a: number[]; b: number[]; x: number[][]; y: number[][]; permutations: number; images: string[] }): Promise<Side> {
  const images = await Promise.all(data.images.map((p) => decodeImage(p)));
  let t = performance.now();
  const ks = ksTwoSample(Float64Array.from(data.a).sort(), Float64Array.from(data.b).sort());
  const ksMs = performance.now() - t;
  t = performance.now();
  const ref = Float64Array.from(data.a).sort();
  const cuts = quantileCuts(ref, psiBinCount(data.a.length, data.b.length));
  const psi = psiOfCounts(countInBins(cuts, ref), countInBins(cuts, data.b))!;
  const psiMs = performance.now() - t;
  t = performance.now();
  const mmd = mmdTest(data.x, data.y, data.permutations, 0);
  const mmdMs = performance.now() - t;
  t = performance.now();
  const sharpness = images.map((i) => pixelStatistics(i).sharpness);
  const pixelsMs = performance.now() - t;
  return { ks: ks.statistic, pValue: ks.pValue, ksMs, psi, psiMs, mmd2: mmd.mmd2, mmdMs, pixelsMs, sharpness };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const python = process.env.PARITY_PYTHON ?? '/work/venv/bin/python';
  const random = seededRandom(42);
  const n = 10_000;
  const dims = 200;
  const data = {
    a: Array.from({ length: n }, () => normal(random)),
    b: Array.from({ length: n }, () => normal(random) * 1.02 + 0.03),
    x: Array.from({ length: 500 }, () => Array.from({ length: dims }, () => normal(random))),
    y: Array.from({ length: 500 }, () => Array.from({ length: dims }, () => normal(random) + 0.05)),
    permutations: 500,
    images: [] as string[],
  };
  const docs = path.join(projectRoot(), 'samples', 'documents', 'images');
  data.images = readdirSync(docs).sort().map((f) => path.join(docs, f));
  const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-drift-'));
  const file = path.join(scratch, 'data.json');
  writeFileSync(file, JSON.stringify(data));
  const script = path.join(projectRoot(), 'bench', 'drift-scipy.py');
  const mine: Side[] = [];
  const peer: Side[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      mine.push(await ours(data));
      peer.push(JSON.parse(execFileSync(python, [script, file], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } })) as Side);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const last = mine.at(-1)!;
  const theirs = peer.at(-1)!;
  console.log(`drift statistics vs SciPy/NumPy, ${rounds} interleaved rounds (median ms), single-threaded BLAS on the Python side`);
  const row = (name: string, key: 'ksMs' | 'psiMs' | 'mmdMs' | 'pixelsMs', agreement: string): void => {
    const a = median(mine.map((s) => s[key]));
    const b = median(peer.map((s) => s[key]));
    console.log(`${name.padEnd(44)} parity ${a.toFixed(1).padStart(8)}  peer ${b.toFixed(1).padStart(8)}  ratio ${(a / b).toFixed(2)}×   ${agreement}`);
  };
  row(`KS ${n} vs ${n}, exact p-value`, 'ksMs', `|Δstat| ${Math.abs(last.ks - theirs.ks).toExponential(1)}, p ${last.pValue.toExponential(3)} vs ${theirs.pValue.toExponential(3)}`);
  row(`PSI ${n} vs ${n}, decile bins`, 'psiMs', `|Δ| ${Math.abs(last.psi - theirs.psi).toExponential(1)}`);
  row(`MMD² 500+500 × ${dims}, 500 permutations`, 'mmdMs', `|ΔMMD²| ${Math.abs(last.mmd2 - theirs.mmd2).toExponential(1)} (permutations differ: p not compared)`);
  const worst = Math.max(...last.sharpness.map((s, i) => Math.abs(s - theirs.sharpness[i]!) / theirs.sharpness[i]!));
  row(`pixel statistics, ${data.images.length} images 640×640`, 'pixelsMs', `sharpness max rel. Δ ${worst.toExponential(1)}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
