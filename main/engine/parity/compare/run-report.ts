/**
 * Phase 3 of a comparison: the performance section (both models benchmarked on tensors the run fed), the gate, the
 * robustness outcome, and the report written as JSON, HTML and CSV; the checkpoint goes once report.json exists.
 */
import { promises as fs } from 'node:fs';
import type { CompareResult } from '../../../../shared/contract/jobs/compare.js';
import { decodeFitted, toTensor, type RgbImage } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import { benchComparedModels, performanceSection } from '../../bench/compare-performance.js';
import { sha256File } from '../../onnx/index.js';
import { galleryThumbnails, writeReportFiles } from '../../report/write-report.js';
import { evaluateGate } from '../gate.js';
import type { ModelPair } from '../pair/model-pair.js';
import { layerwiseForReport } from '../layers/report-layers.js';
import { assembleReport } from './assemble-report.js';
import { candidateOutcomes, furtherCandidateResults, runGate } from './candidate-results.js';
import type { FurtherCandidates } from '../pair/further-candidates.js';
import { removeCheckpoint } from './checkpoint.js';
import type { ComparedImages } from './image-loop.js';
import type { RunFolder } from './run-folder.js';
import { evaluatorOptions, type RunImages } from './run-images.js';
import { shardState } from '../shard/shard-identity.js';
import { writeShardState } from '../shard/shard-state.js';
import path from 'node:path';
import type { ServingRun } from '../../../../shared/report/serving-run.js';
import type { ModelSide } from '../pair/model-side.js';
import { hasEndpoint } from '../pair/open-sides.js';
import { runServingPass } from '../serving/serving-pass.js';
import type { ModelFacts } from './assemble-report.js';

/** A side's path, digest and size (model files only), and what it was. */
async function sideFacts(side: ModelSide): Promise<ModelFacts> {
  if (side.origin.kind !== 'onnx') return { path: side.source, sha256: null, sizeBytes: null, source: side.origin };
  const [sha256, stat] = await Promise.all([sha256File(side.source), fs.stat(side.source)]);
  return { path: side.source, sha256, sizeBytes: stat.size, source: side.origin };
}

/** The levels of the serving pass: as asked, else one sequential level when a side is an endpoint. */
export function servingLevels(params: RunFolder['params']): number[] {
  const asked = params.concurrency ?? (hasEndpoint(params) ? [1] : []);
  return [...new Set(asked)];
}

async function servingPassOf(run: RunFolder, images: RunImages, pair: ModelPair, compared: ComparedImages, ctx: JobContext): Promise<ServingRun | null> {
  const levels = servingLevels(run.params);
  if (levels.length === 0) return null;
  if (pair.readsImages) {
    // The serving pass posts tensors; a bundle takes the decoded image, so there is nothing like-for-like to time.
    ctx.log('warn', 'no serving pass: the candidate is a bundle that reads decoded images, and the serving pass sends tensors (time it with `parity bench --serve`)');
    return null;
  }
  const serving = await runServingPass({ pair, spec: images.spec, entries: images.entries, perImage: compared.perImage, plan: compared.evaluator.plan, levels }, ctx);
  if (!serving) ctx.log('info', 'no serving pass: neither side does its own work (saved outputs are not timed)');
  return serving;
}

/** Writes the run's report files and returns the job's result. */
export async function writeRunReport(
  run: RunFolder,
  images: RunImages,
  models: { pair: ModelPair; more: FurtherCandidates | null },
  compared: ComparedImages,
  ctx: JobContext,
  startedMs: number,
): Promise<CompareResult> {
  const { params } = run;
  const { pair } = models;
  const { spec, classes } = images;
  const load = (relPath: string): Promise<RgbImage> => decodeFitted(path.join(run.imagesRoot, relPath), spec);
  if (run.checkpoint && params.bench) {
    // The tensors sampled before the interruption are gone: sample them again, as the first run did.
    for (const entry of images.entries) {
      if (compared.benchSample.tensors.length >= compared.benchSample.maxCount) break;
      const image = await decodeFitted(entry.absPath, spec).catch(() => null);
      if (image) compared.benchSample.offer(toTensor(image, spec).data);
    }
  }
  const serving = await servingPassOf(run, images, pair, compared, ctx);
  const bothLocal = pair.reference.origin.kind === 'onnx' && pair.candidate.origin.kind === 'onnx';
  // A candidate that preprocesses the decoded image itself (a bundle) cannot be timed on the reference's tensors.
  const takesImage = pair.candidate.reads === 'image';
  if (params.bench && !bothLocal) ctx.log('info', 'no performance section: it benchmarks two local model files (the serving pass times endpoints)');
  else if (params.bench && takesImage) ctx.log('info', "no performance section: the candidate takes the decoded image, not the reference's tensor");
  const benchmark = params.bench && bothLocal && !takesImage
    ? await benchComparedModels(
        { reference: params.reference, candidates: run.candidates.map((c) => c.path), spec, imagesRoot: run.imagesRoot, sample: compared.benchSample, threads: params.threads, runs: params.benchRuns },
        ctx,
      )
    : null;
  // Layerwise error reads both models' graphs: only when both sides are local model files.
  const layers = params.layers && bothLocal ? await layerwiseForReport(params, { root: run.imagesRoot, entries: images.entries }, spec, ctx) : null;

  const [referenceFacts, candidateFacts] = await Promise.all([sideFacts(pair.reference), sideFacts(pair.candidate)]);
  const summary = compared.evaluator.summary();
  const firstGate = evaluateGate(summary.overall, params.gate);
  const plan = [...compared.evaluator.plan];
  const furtherClean = compared.further.map((f) => f.evaluator.summary().overall);
  const robustness = compared.robustness ? await compared.robustness.finish(summary.overall, furtherClean, plan, evaluatorOptions(params, images), load) : null;
  const further = await furtherCandidateResults({ run, sides: models.more, compared, benchmark, robustness: robustness?.further ?? [] });
  ctx.progress('writing report', 0, 1);
  const t = compared.timings;
  const report = assembleReport({
    params,
    spec,
    imagesRoot: run.imagesRoot,
    classes,
    refSignature: pair.reference.signature,
    candSignature: pair.candidate.signature,
    models: { reference: referenceFacts, candidate: candidateFacts },
    plan,
    summary,
    gate: runGate(run.candidates[0]!.name, firstGate, further),
    perImage: compared.perImage,
    skipped: compared.skipped,
    boxes: images.truth?.summary ?? null,
    extra: {
      ...(robustness ? { perturbations: robustness.perturbations, robustness: robustness.robustness } : {}),
      ...(benchmark ? { performance: performanceSection(benchmark, summary.overall, robustness?.perturbations) } : {}),
      ...(serving ? { servingRun: serving } : {}),
      ...(layers ? { layers } : {}),
      ...(images.shard ? { shard: { index: images.shard.spec.index, count: images.shard.spec.count, listedImages: images.shard.entries } } : {}),
    },
    ...(run.candidateManifest ? { manifests: { candidate: run.candidateManifest } } : {}),
    ...(further.length > 0 ? { firstCandidate: { name: run.candidates[0]!.name, gate: firstGate }, furtherCandidates: further } : {}),
    timings: {
      totalMs: performance.now() - startedMs,
      decodeMs: t.decodeMs,
      preprocessMs: t.preprocessMs,
      inferenceMs: { reference: t.refMs, candidate: t.candMs },
      metricsMs: t.metricsMs,
    },
  });
  if (images.shard) await writeShardState(run.runDir, shardState(run, images.shard, report, compared, robustness?.thumbnails));
  const gallery = await galleryThumbnails(await compared.gallery.sorted(load));
  const files = await writeReportFiles(report, gallery, params.runDir, params.copies, robustness?.thumbnails);
  await removeCheckpoint(run.runDir);
  ctx.progress('writing report', 1, 1);
  return {
    runDir: run.runDir,
    files,
    summary: report.summary.clean,
    gate: report.gate,
    images: { count: compared.perImage.length, skipped: compared.skipped },
    preprocess: spec,
    ...(robustness ? { robustness: robustness.headline } : {}),
    ...(report.performance ? { performance: report.performance.headline } : {}),
    ...(serving ? { serving } : {}),
    ...(report.shard ? { shard: report.shard } : {}),
    ...(report.candidates ? { candidates: candidateOutcomes(report.candidates, robustness ? [robustness.headline, ...robustness.further.map((f) => f.headline)] : []) } : {}),
  };
}
