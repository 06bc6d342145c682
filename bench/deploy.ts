/**
 * Deployment figures for the PaddleOCR classifier and detector and their int8-static and fp16 variants, in one run:
 *  - bundle vs original: each model bundled with its preprocessing (`parity bundle`), fed the decoded sample images,
 *    against the model fed Parity's own preprocessing: top-1 agreement (classifier) and max |Δ| of the output;
 *  - serving: requests/s at concurrency 1, 2 and 4 through Parity's pool of worker threads (shape chosen by trial)
 *    against an onnxruntime_perf_test-style loop (ONNX Runtime's Python API: one plain session, c threads calling
 *    run() back to back, intra-op threads = cores ÷ c, the same total), measured alternately per level, and against
 *    one Node session with all cores run sequentially — the pool must beat that on the classifier.
 * Run: node dist/bench/deploy.js [seconds per measurement = 3]   (PYTHON=… a Python with onnxruntime and numpy)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BundleParamsSchema } from '../shared/contract/jobs/bundle.js';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import type { PreprocessSpec } from '../shared/preprocess.js';
import { bundleJob } from '../main/engine/bundle/bundle-job.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { readCpuInfo } from '../main/engine/env/cpu-info.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { locateDetector, locateSample } from '../main/engine/samples/index.js';
import { batchFeeds, imageInputs } from '../main/engine/bench/bench-inputs.js';
import { BenchSession } from '../main/engine/bench/bench-session.js';
import { readBenchModels } from '../main/engine/bench/model-facts.js';
import { choosePoolShape, poolShapes, serveLevel } from '../main/engine/bench/serve-load.js';
import { ServePool } from '../main/engine/bench/serve-pool.js';

const seconds = Number(process.argv[2] ?? 3);
const python = process.env.PYTHON ?? (process.env.VIRTUAL_ENV ? path.join(process.env.VIRTUAL_ENV, 'bin', 'python') : 'python3');
const cores = os.availableParallelism();
const LEVELS = [1, 2, 4];
const here = path.dirname(fileURLToPath(import.meta.url));
const ortLoopScript = path.resolve(here, '..', '..', 'bench', 'ort_loop.py');
const ctx = createJobContext('bench', new AbortController().signal, () => {}, () => {});

interface Subject {
  name: string;
  model: string;
  images: string;
  spec: PreprocessSpec;
}

function pythonOrt(): string | null {
  try {
    return execFileSync(python, ['-c', 'import onnxruntime, numpy; print(onnxruntime.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function ortLoop(model: string, spec: PreprocessSpec, concurrency: number): number {
  const shape = spec.layout === 'NCHW' ? `1x3x${spec.height}x${spec.width}` : `1x${spec.height}x${spec.width}x3`;
  const intra = Math.max(1, Math.floor(cores / concurrency));
  const out = execFileSync(python, [ortLoopScript, model, 'x', spec.dtype, shape, String(intra), String(concurrency), String(seconds)], { encoding: 'utf8' });
  return (JSON.parse(out) as { requestsPerSec: number }).requestsPerSec;
}

async function nodeSequential(model: string, feeds: ReturnType<typeof batchFeeds>): Promise<number> {
  const session = await BenchSession.open(model, { threads: cores, spinning: true });
  try {
    for (let i = 0; i < 5; i++) await session.run('x', feeds[i % feeds.length]!);
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) await session.run('x', feeds[n++ % feeds.length]!);
    return (n * 1000) / (performance.now() - started);
  } finally {
    await session.release();
  }
}

const rate = (v: number | null): string => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'parity-deploy-bench-'));
  const cls = locateSample();
  const det = locateDetector();
  const pyOrt = pythonOrt();
  console.log(`CPU: ${readCpuInfo().model}, ${cores} logical cores (shared with other work: figures move between runs)`);
  console.log(`ORT loop: ${pyOrt ? `onnxruntime ${pyOrt} (Python) via ${python}` : `not run (no onnxruntime/numpy for ${python}; set PYTHON)`}; ${seconds} s per measurement`);
  try {
    const subjects: Subject[] = [];
    for (const base of [
      { name: 'cls', model: cls.modelPath, images: cls.imagesDir, spec: cls.preprocess, calib: 60 },
      { name: 'det', model: det.modelPath, images: det.imagesDir, spec: det.preprocess, calib: 16 },
    ]) {
      subjects.push({ name: `${base.name} fp32`, model: base.model, images: base.images, spec: base.spec });
      for (const recipe of ['int8-static', 'fp16'] as const) {
        const output = path.join(work, `${base.name}.${recipe}.onnx`);
        await convertModel(
          ConvertParamsSchema.parse({ model: base.model, recipe, output, calib: base.images, calibSize: base.calib, preprocess: base.spec, measureSpeed: false }),
          ctx,
        );
        subjects.push({ name: `${base.name} ${recipe}`, model: output, images: base.images, spec: base.spec });
      }
    }

    console.log('\nBundle (decoded image in, preprocessing in the graph) vs the same model fed Parity\'s preprocessing, 16 sample images:');
    console.log('  model              kernel             resize mean |Δ|   top-1 agreement   output max |Δ|   output mean |Δ|');
    for (const s of subjects) {
      const result = await bundleJob(
        BundleParamsSchema.parse({ model: s.model, output: path.join(work, `${s.name.replace(/\s+/g, '-')}.bundle.onnx`), preprocess: s.spec, images: s.images, maxImages: 16, languages: [] }),
        ctx,
      );
      const m = result.manifest;
      const chosen = m.resize.candidates.find((c) => c.kernel.id === m.resize.chosen.id)!;
      const out = m.checks.outputs[0]!;
      const agreement = m.checks.top1Agreement === null ? 'n/a (dense)' : `${(m.checks.top1Agreement * 100).toFixed(1)}%`;
      console.log(
        `  ${s.name.padEnd(17)}  ${m.resize.chosen.id.padEnd(17)}  ${chosen.meanAbsDiff!.toFixed(3).padStart(14)}   ${agreement.padStart(15)}   ${out.maxAbsDiff.toExponential(2).padStart(14)}   ${out.meanAbsDiff.toExponential(2).padStart(15)}`,
      );
    }

    console.log(`\nServing, requests/s (pool: Parity's worker threads, shape chosen by a ${Math.min(2, seconds)} s trial of each; loop: ORT perf_test-style; seq: one Node session, ${cores} threads, back to back):`);
    console.log(`  model              pool       ${LEVELS.map((c) => `c=${c} pool / loop`.padStart(19)).join(' ')}    seq    best pool ÷ seq`);
    const verdicts: string[] = [];
    for (const s of subjects) {
      const { models } = await readBenchModels([s.model], s.spec);
      const fact = models[0]!;
      const feeds = batchFeeds(await imageInputs(s.images, s.spec, 16), 1);
      const start = (shape: { workers: number; threadsPerWorker: number }) => ServePool.start(fact.path, fact.input.name, feeds, shape, 3);
      const trials = await choosePoolShape(start, poolShapes(cores), feeds.length, Math.min(2, seconds) * 1000, ctx.signal);
      const shape = { workers: trials[0]!.workers, threadsPerWorker: trials[0]!.threadsPerWorker };
      const pooled: number[] = [];
      const looped: Array<number | null> = [];
      const pool = await start(shape);
      try {
        // Alternate per level: the pool, then the loop, so a slow spell of the shared machine hits both.
        for (const c of LEVELS) {
          pooled.push((await serveLevel(pool, feeds.length, c, seconds * 1000, ctx.signal)).requestsPerSec);
          looped.push(pyOrt ? ortLoop(s.model, s.spec, c) : null);
        }
      } finally {
        await pool.close();
      }
      const seq = await nodeSequential(s.model, feeds);
      const best = Math.max(...pooled);
      const cells = LEVELS.map((_, i) => `${rate(pooled[i]!)} / ${rate(looped[i]!)}`.padStart(19)).join(' ');
      console.log(`  ${s.name.padEnd(17)}  ${`${shape.workers}×${shape.threadsPerWorker}`.padEnd(9)}  ${cells}  ${rate(seq).padStart(5)}    ×${(best / seq).toFixed(2)}`);
      if (s.name === 'cls fp32') verdicts.push(`${best > seq ? 'PASS' : 'FAIL'}: on the classifier the pool's best level serves ${rate(best)} requests/s, one ${cores}-thread session sequentially ${rate(seq)} (×${(best / seq).toFixed(2)})`);
    }
    console.log('');
    for (const v of verdicts) console.log(v);
    console.log(
      `\nOn ${cores} cores, concurrency above ${cores} can only queue: the pool's workers × threads never exceed the cores, so levels beyond it ` +
        'add waiting (queueing time), not throughput; a machine shared with other work shows it as noise in every figure.',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
