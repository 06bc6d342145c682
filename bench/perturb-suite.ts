/**
 * The whole robustness suite (all 22 perturbations × 5 severities) on 50 of the demo's text lines through the
 * PaddleOCR orientation classifier and a variant of it, run twice with the same settings: the first run with an
 * empty perturbation cache, the second reading every perturbed image from it. Prints, from each run's report,
 * the time spent perturbing, reading the cache and in inference, the perturbation share of the run's time (target
 * ≤ 30 %), and the cold/warm ratio of the perturbation stage (target ≥ 3×) next to the whole run's ratio.
 * Runs the compare job in this process (the same code the engine process runs), one image at a time.
 *
 *   npx esbuild bench/perturb-suite.ts --bundle --platform=node --format=esm --external:onnxruntime-node \
 *     --external:sharp --outfile=dist/bench/perturb-suite.mjs && node dist/bench/perturb-suite.mjs \
 *     [--candidate variant.onnx] [--images 50] [--threads n]
 *
 * Without --candidate it converts the classifier with the int8-static recipe (calibrated on the sample), or with
 * `optimized` when this build has no int8-static recipe, and says which.
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompareParamsSchema } from '../shared/contract/jobs/compare.js';
import { ConvertParamsSchema, type Recipe } from '../shared/contract/jobs/convert.js';
import { PERTURBATION_NAMES } from '../shared/perturbations/index.js';
import { PreprocessSpecSchema } from '../shared/preprocess.js';
import { ParityReportSchema, type ParityReport } from '../shared/report/report.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { handlers } from '../main/engine/jobs/handlers.js';
import { locateSample } from '../main/engine/samples/index.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const context = () =>
  createJobContext(
    'bench',
    new AbortController().signal,
    () => undefined,
    (level, message) => {
      if (level === 'warn' || level === 'error') console.error(`[${level}] ${message}`);
    },
  );

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function dirBytes(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

const sample = await locateSample();
const images = Number(option('images') ?? 50);
const threads = option('threads') ? Number(option('threads')) : null;
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'parity-perturb-suite-'));
process.env.PARITY_CACHE_DIR = path.join(work, 'cache');

let candidate = option('candidate');
let candidateNote = candidate ? `given: ${candidate}` : '';
if (!candidate) {
  const recipe: Recipe = 'int8-static';
  candidate = path.join(work, `cls.${recipe}.onnx`);
  const params = ConvertParamsSchema.parse({
    model: sample.modelPath,
    recipe,
    output: candidate,
    ...(recipe === 'int8-static' ? { calib: sample.imagesDir, preprocess: sample.preprocess, calibSize: 64 } : {}),
  });
  await handlers.convert(params, context());
  candidateNote = recipe === 'int8-static' ? 'int8-static (QDQ, calibrated on 64 sample lines)' : 'optimized (this build has no int8-static recipe)';
}

console.log(`Robustness suite bench: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()} (load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`reference ${path.basename(sample.modelPath)}, candidate ${candidateNote}; ${images} images × 22 perturbations × 5 severities`);

interface RunFigures {
  totalMs: number;
  perturbMs: number;
  cacheReadMs: number;
  inferenceMs: number;
  cleanMs: number;
  hits: number;
  misses: number;
  cpuS: number;
  report: ParityReport;
}

async function run(label: string): Promise<RunFigures> {
  const params = CompareParamsSchema.parse({
    reference: sample.modelPath,
    candidate,
    images: sample.imagesDir,
    labels: sample.labelsPath,
    preprocess: PreprocessSpecSchema.parse(sample.preprocess),
    runDir: path.join(work, label),
    maxImages: images,
    threads,
    perturb: PERTURBATION_NAMES,
    bench: false,
  });
  const c0 = cpuSeconds();
  await handlers.compare(params, context());
  const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(work, label, 'report.json'), 'utf8')));
  const t = report.robustness!.timing!;
  return {
    totalMs: report.timings.totalMs,
    perturbMs: t.perturbMs,
    cacheReadMs: t.cacheReadMs,
    inferenceMs: t.inferenceMs.reference + t.inferenceMs.candidate,
    cleanMs: report.timings.inferenceMs.reference + report.timings.inferenceMs.candidate,
    hits: t.cache.hits,
    misses: t.cache.misses,
    cpuS: cpuSeconds() - c0,
    report,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
function print(label: string, r: RunFigures): void {
  const stage = r.perturbMs + r.cacheReadMs;
  console.log(
    `${label.padEnd(6)} run ${seconds(r.totalMs).padStart(8)}  perturbing ${seconds(r.perturbMs).padStart(7)}  cache reads ${seconds(r.cacheReadMs).padStart(6)}` +
      `  inference ${seconds(r.inferenceMs).padStart(8)} (+${seconds(r.cleanMs)} clean)  cache ${r.hits} hits/${r.misses} misses  CPU ${r.cpuS.toFixed(1)} s` +
      `  → perturbation stage ${((100 * stage) / r.totalMs).toFixed(1)} % of the run`,
  );
}

const cold = await run('cold');
print('cold', cold);
const warm = await run('warm');
print('warm', warm);
const cache = await dirBytes(path.join(work, 'cache'));
const coldStage = cold.perturbMs + cold.cacheReadMs;
const warmStage = warm.perturbMs + warm.cacheReadMs;
console.log(`cache on disk: ${cache.files} files, ${(cache.bytes / 1024 / 1024).toFixed(1)} MB`);
console.log(`perturbation share of the cold run: ${((100 * coldStage) / cold.totalMs).toFixed(1)} % (target ≤ 30 %)`);
console.log(`perturbation stage, cold ÷ warm: ${(coldStage / warmStage).toFixed(1)}× (target ≥ 3×); whole run, cold ÷ warm: ${(cold.totalMs / warm.totalMs).toFixed(2)}×`);
const same = JSON.stringify(cold.report.perturbations) === JSON.stringify(warm.report.perturbations);
console.log(`identical perturbation results in both runs: ${same}`);
console.log(
  `note: with perturbation at most 30 % of a run, skipping it entirely can make the whole run at most ${(1 / (1 - coldStage / cold.totalMs)).toFixed(2)}× faster; the cache's ≥ 3× is the perturbation stage's.`,
);
await fs.rm(work, { recursive: true, force: true });
