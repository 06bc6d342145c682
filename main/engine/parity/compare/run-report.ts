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
import { writeReportFiles } from '../../report/write-report.js';
import { evaluateGate } from '../gate.js';
import type { ModelPair } from '../pair/model-pair.js';
import { assembleReport } from './assemble-report.js';
import { removeCheckpoint } from './checkpoint.js';
import type { ComparedImages } from './image-loop.js';
import type { RunFolder } from './run-folder.js';
import type { RunImages } from './run-images.js';
import path from 'node:path';

/** Writes the run's report files and returns the job's result. */
export async function writeRunReport(
  run: RunFolder,
  images: RunImages,
  pair: ModelPair,
  compared: ComparedImages,
  ctx: JobContext,
  startedMs: number,
): Promise<CompareResult> {
  const { params } = run;
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
  const benchmark = params.bench
    ? await benchComparedModels(
        { reference: params.reference, candidate: params.candidate, spec, imagesRoot: run.imagesRoot, sample: compared.benchSample, threads: params.threads, runs: params.benchRuns },
        ctx,
      )
    : null;

  const [refSha, candSha, refStat, candStat] = await Promise.all([
    sha256File(params.reference),
    sha256File(params.candidate),
    fs.stat(params.reference),
    fs.stat(params.candidate),
  ]);
  const summary = compared.evaluator.summary();
  const gate = evaluateGate(summary.overall, params.gate);
  const robustness = compared.robustness ? await compared.robustness.finish(summary.overall, load) : null;
  ctx.progress('writing report', 0, 1);
  const t = compared.timings;
  const report = assembleReport({
    params,
    spec,
    imagesRoot: run.imagesRoot,
    classes,
    refSignature: pair.reference.signature,
    candSignature: pair.candidate.signature,
    models: {
      reference: { sha256: refSha, sizeBytes: refStat.size },
      candidate: { sha256: candSha, sizeBytes: candStat.size },
    },
    plan: [...compared.evaluator.plan],
    summary,
    gate,
    perImage: compared.perImage,
    skipped: compared.skipped,
    extra: {
      ...(robustness ? { perturbations: robustness.perturbations, robustness: robustness.robustness } : {}),
      ...(benchmark ? { performance: performanceSection(benchmark, summary.overall, robustness?.perturbations) } : {}),
    },
    ...(run.candidateManifest ? { manifests: { candidate: run.candidateManifest } } : {}),
    timings: {
      totalMs: performance.now() - startedMs,
      decodeMs: t.decodeMs,
      preprocessMs: t.preprocessMs,
      inferenceMs: { reference: t.refMs, candidate: t.candMs },
      metricsMs: t.metricsMs,
    },
  });
  const files = await writeReportFiles(report, await compared.gallery.sorted(load), params.runDir, params.copies, robustness?.thumbnails);
  await removeCheckpoint(run.runDir);
  ctx.progress('writing report', 1, 1);
  return {
    runDir: run.runDir,
    files,
    summary: report.summary.clean,
    gate,
    images: { count: compared.perImage.length, skipped: compared.skipped },
    preprocess: spec,
    ...(robustness ? { robustness: robustness.headline } : {}),
    ...(report.performance ? { performance: report.performance.headline } : {}),
  };
}
