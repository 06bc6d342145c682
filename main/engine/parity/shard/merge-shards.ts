/**
 * `parity merge`: joins the run folders of a sharded comparison into the report one machine would have written —
 * the same JSON (timings and performance aside), HTML and CSV. The shards are checked first (shard-checks.ts); the
 * clean evaluator, the perturbation tally, the gallery and the flips are merged from their saved state, exactly; rows
 * and skipped files are laid out in listing order; thumbnails come from the shards, so no image is read again.
 * Performance stays per shard (machines differ), side by side in the report's `shards` section.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JobOptions, JobResult } from '../../../../shared/contract/jobs/index.js';
import { ParityError } from '../../../../shared/errors.js';
import { ParityReportSchema, type ParityReport, type SkippedImage } from '../../../../shared/report/report.js';
import { PER_SHARD_PERFORMANCE_NOTE, type MergedShards } from '../../../../shared/report/shards-section.js';
import { parityVersion } from '../../env/project-root.js';
import { compareCodePoints } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import { perturbedThumbnailKey } from '../../report/html/assets.js';
import { thumbnailName, writeReportFiles, type GalleryThumbnail } from '../../report/write-report.js';
import { PairEvaluator, type EvaluatorOptions } from '../evaluate/pair-evaluator.js';
import { evaluateGate } from '../gate.js';
import { checkedReport } from '../compare/assemble-report.js';
import { CHECKPOINT_FILE, clearRunOutputs, readRunParams } from '../compare/checkpoint.js';
import { DisagreementGallery } from '../compare/gallery.js';
import { RobustnessTally, type CacheFigures } from '../compare/robustness-tally.js';
import { checkShards, type LoadedShard } from './shard-checks.js';
import { readShardState } from './shard-state.js';

type MergeResult = JobResult<'merge'>;

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** A shard folder's state and report, or a BAD_OPTION saying why it cannot be merged. */
export async function loadShard(runDir: string): Promise<LoadedShard> {
  const stat = await fs.stat(runDir).catch(() => null);
  if (!stat?.isDirectory()) throw new ParityError('BAD_OPTION', `There is no shard run folder at ${runDir}.`, 'Pass the --out folders of the shards.', { reason: 'missing' });
  const reportFile = path.join(runDir, 'report.json');
  if (!(await exists(reportFile))) {
    const interrupted = await exists(path.join(runDir, CHECKPOINT_FILE));
    throw new ParityError(
      'BAD_OPTION',
      `${runDir} has not finished: it has no report.json${interrupted ? ' (it was interrupted)' : ''}.`,
      interrupted ? `Finish it first: parity compare --resume ${runDir}` : 'Run that shard to the end first.',
      { reason: 'unfinished', runDir },
    );
  }
  const state = await readShardState(runDir);
  let report: ParityReport;
  try {
    report = ParityReportSchema.parse(JSON.parse(await fs.readFile(reportFile, 'utf8')));
  } catch {
    throw new ParityError('BAD_OPTION', `${reportFile} is not a readable parity report.`, 'Run that shard again.', { reason: 'bad-shard', runDir });
  }
  if (!report.shard || report.shard.index !== state.index) {
    throw new ParityError('BAD_OPTION', `${runDir}'s report.json and shard.json are of different runs.`, 'Run that shard again into a fresh folder.', { reason: 'bad-shard', runDir });
  }
  return { runDir, state, report };
}

/** The run's skipped files in the order one machine lists them: while listing, for their class, then at decode (each by path). */
function mergedSkipped(shards: readonly LoadedShard[]): SkippedImage[] {
  const phases: SkippedImage[][] = [[], [], []];
  for (const { report, state } of shards) {
    const { listing, labels } = state.skippedPhases;
    report.images.skipped.forEach((s, i) => phases[i < listing ? 0 : i < listing + labels ? 1 : 2]!.push(s));
  }
  return phases.flatMap((phase) => phase.sort((a, b) => compareCodePoints(a.path, b.path)));
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function summedTimings(shards: readonly LoadedShard[]): ParityReport['timings'] {
  const t = shards.map((s) => s.report.timings);
  return {
    totalMs: sum(t.map((x) => x.totalMs)),
    decodeMs: sum(t.map((x) => x.decodeMs)),
    preprocessMs: sum(t.map((x) => x.preprocessMs)),
    inferenceMs: { reference: sum(t.map((x) => x.inferenceMs.reference)), candidate: sum(t.map((x) => x.inferenceMs.candidate)) },
    metricsMs: sum(t.map((x) => x.metricsMs)),
  };
}

function summedCache(shards: readonly LoadedShard[]): CacheFigures {
  const caches = shards.flatMap((s) => (s.report.robustness?.timing ? [s.report.robustness.timing.cache] : []));
  return {
    enabled: caches.some((c) => c.enabled),
    hits: sum(caches.map((c) => c.hits)),
    misses: sum(caches.map((c) => c.misses)),
    writes: sum(caches.map((c) => c.writes)),
    evicted: sum(caches.map((c) => c.evicted)),
    maxBytes: Math.max(0, ...caches.map((c) => c.maxBytes)),
  };
}

/** The `shards` section: each shard's machine, timings and performance, and what the reader should know. */
function shardsSection(shards: readonly LoadedShard[]): MergedShards {
  const notes = [PER_SHARD_PERFORMANCE_NOTE];
  const cpus = new Set(shards.map((s) => `${s.report.environment.cpuModel} (${s.report.environment.cpuFlags.join(' ')})`));
  const runtimes = new Set(shards.map((s) => s.report.environment.ortVersion));
  if (cpus.size > 1 || runtimes.size > 1) {
    notes.push(
      `The shards ran on ${cpus.size > 1 ? `${cpus.size} kinds of CPU` : 'one kind of CPU'} with ${runtimes.size > 1 ? `ONNX Runtime ${[...runtimes].join(', ')}` : `one ONNX Runtime version`}: ` +
        'kernels chosen per CPU may change outputs in their last bits, so these figures may differ slightly from one machine\'s.',
    );
  }
  return {
    count: shards[0]!.state.identity.shardCount,
    shards: shards.map(({ runDir, report, state }) => ({
      index: state.index,
      runDir,
      createdAt: report.createdAt,
      images: report.images.count,
      skipped: report.images.skipped.length,
      environment: report.environment,
      timings: report.timings,
      ...(report.performance ? { performance: report.performance } : {}),
    })),
    notes,
  };
}

/** The gallery thumbnails, read from the shard that compared each image (a missing file leaves that image without one). */
async function galleryOf(shards: readonly LoadedShard[], capacity: number, ctx: JobContext): Promise<GalleryThumbnail[]> {
  const gallery = new DisagreementGallery(capacity);
  const owner = new Map<string, LoadedShard>();
  for (const shard of shards) {
    for (const entry of shard.state.gallery) {
      gallery.offer(entry.relPath, entry.disagreement, null);
      owner.set(entry.relPath, shard);
    }
  }
  const out: GalleryThumbnail[] = [];
  for (const item of gallery.ranked()) {
    const file = path.join(owner.get(item.relPath)!.runDir, 'thumbs', thumbnailName(item.relPath));
    const jpeg = await fs.readFile(file).catch(() => null);
    if (jpeg) out.push({ relPath: item.relPath, jpeg });
    else ctx.log('warn', `The thumbnail of ${item.relPath} is missing from ${file}; the merged report shows the image without it.`);
  }
  return out;
}

/** The perturbed thumbnails the merged report shows (its flips and its strip), from the shards that made them. */
function robustnessThumbnails(shards: readonly LoadedShard[], tally: RobustnessTally): Map<string, string> {
  const all = new Map<string, string>();
  for (const shard of shards) for (const [key, uri] of Object.entries(shard.state.thumbnails)) all.set(key, uri);
  const keys = tally.flips.shown().map((f) => perturbedThumbnailKey(f.example.path, f.example.perturbation, f.example.severity));
  if (tally.sample !== null) keys.push(tally.sample, ...tally.units.map((u) => perturbedThumbnailKey(tally.sample!, u.name, u.severity)));
  const out = new Map<string, string>();
  for (const key of keys) {
    const uri = all.get(key);
    if (uri !== undefined) out.set(key, uri);
  }
  return out;
}

/** The job: checks the shards, merges them and writes the merged run folder. */
export async function mergeShards(params: JobOptions<'merge'>, ctx: JobContext): Promise<MergeResult> {
  const started = performance.now();
  const runDir = path.resolve(params.runDir);
  const dirs = params.shards.map((d) => path.resolve(d));
  if (dirs.includes(runDir)) {
    throw new ParityError('BAD_OPTION', `The merged run cannot go into ${runDir}: it is one of the shards.`, 'Give --out a folder of its own.', { reason: 'out-is-shard' });
  }
  const loaded: LoadedShard[] = [];
  for (const [i, dir] of dirs.entries()) {
    ctx.throwIfCancelled();
    ctx.progress('reading shards', i, dirs.length);
    loaded.push(await loadShard(dir));
  }
  ctx.progress('reading shards', dirs.length, dirs.length);
  const shards = checkShards(loaded, parityVersion());
  const base = shards[0]!;
  const compareParams = await readRunParams(base.runDir);

  ctx.progress('merging', 0, 1);
  const plan = shards.find((s) => s.state.plan !== null)?.state.plan;
  if (!plan) {
    throw new ParityError('NO_IMAGES', `None of the ${base.state.identity.listing.entries} listed images could be compared in any shard.`, 'See images.skipped in the shards\' reports.');
  }
  const options: EvaluatorOptions = { threshold: base.report.options.threshold, topK: base.report.options.topK, classes: base.state.identity.classes };
  const evaluator = new PairEvaluator(plan, options);
  const tally: RobustnessTally | null = compareParams.perturb.length > 0 ? new RobustnessTally(compareParams, plan, options) : null;
  for (const shard of shards) {
    if (shard.state.evaluator === null) continue;
    evaluator.merge(PairEvaluator.restore(plan, options, shard.state.evaluator));
    if (tally && shard.state.robustness !== null) tally.merge(RobustnessTally.restore(compareParams, plan, options, shard.state.robustness));
  }
  const perImage = shards.flatMap((s) => s.report.perImage).sort((a, b) => compareCodePoints(a.path, b.path));
  const summary = evaluator.summary();
  const gate = evaluateGate(summary.overall, compareParams.gate);
  const robustness = tally ? tally.sections(summary.overall, summedCache(shards)) : null;
  ctx.progress('merging', 1, 1);

  ctx.progress('writing report', 0, 1);
  const { performance: _performance, shard: _shard, ...common } = base.report;
  const report = checkedReport({
    ...common,
    createdAt: new Date().toISOString(),
    images: { root: base.report.images.root, count: perImage.length, skipped: mergedSkipped(shards) },
    outputs: plan,
    summary: { clean: summary.overall, perOutput: summary.perOutput },
    gate,
    perImage,
    ...(robustness ? { perturbations: robustness.perturbations, robustness: robustness.robustness } : {}),
    shards: shardsSection(shards),
    timings: summedTimings(shards),
  });
  const gallery = await galleryOf(shards, compareParams.galleryCount, ctx);
  const thumbnails = tally ? robustnessThumbnails(shards, tally) : new Map<string, string>();
  await clearRunOutputs(runDir, [params.copies.json, params.copies.html, params.copies.csv]);
  await fs.mkdir(runDir, { recursive: true });
  const files = await writeReportFiles(report, gallery, runDir, params.copies, thumbnails);
  ctx.progress('writing report', 1, 1);
  return {
    runDir,
    files,
    summary: report.summary.clean,
    gate,
    images: { count: report.images.count, skipped: report.images.skipped },
    preprocess: report.preprocess,
    ...(robustness ? { robustness: robustness.headline } : {}),
    models: { reference: report.models.reference.path, candidate: report.models.candidate.path },
    shards: shards.map(({ runDir: dir, report: r, state }) => ({
      index: state.index,
      runDir: dir,
      images: r.images.count,
      cpuModel: r.environment.cpuModel,
      totalMs: r.timings.totalMs,
      ...(r.performance ? { performance: r.performance.headline } : {}),
    })),
    mergeMs: performance.now() - started,
  };
}
