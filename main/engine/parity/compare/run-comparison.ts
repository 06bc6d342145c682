/**
 * The compare pipeline: both models on every image (decoded once, same tensor to both), metrics per output and
 * per image, aggregated into the report that is then written as JSON, HTML and CSV.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CompareOptions, CompareResult } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import type { OutputDescription, PerImageResult, SkippedImage } from '../../../../shared/report/report.js';
import type { JobContext } from '../../jobs/context.js';
import { decodeFitted, listImages, resolvePreprocessSpec, toTensor, type RgbImage } from '../../images/index.js';
import { ModelSession, type TensorInput } from '../../infer/model-session.js';
import { SummaryAccumulator } from '../metrics/index.js';
import { evaluateGate } from '../gate.js';
import { assertModelsCorrespond } from './model-pair.js';
import { readLabels } from './labels.js';
import { streamImages } from '../../images/image-stream.js';
import { DisagreementGallery } from './gallery.js';
import { evaluateImage, planOutputs } from './evaluate-outputs.js';
import { assembleReport } from './assemble-report.js';
import { writeReportFiles } from '../../report/write-report.js';
import { sha256File } from '../../onnx/index.js';
import { resolveCandidate } from '../../convert/variant-cache.js';
import { RobustnessRun } from './robustness-run.js';
import {
  CHECKPOINT_INTERVAL_MS,
  clearRunOutputs,
  paramsKey,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  writeRunParams,
} from './checkpoint.js';
import { finishedResult } from './finished-run.js';
import { removeOrphanTempFiles } from '../../io/temp-files.js';
import { BenchTensorSample, benchComparedModels, performanceSection } from '../../bench/compare-performance.js';

async function openSession(file: string, threads: number | null): Promise<ModelSession> {
  await fs.access(file).catch(() => {
    throw new ParityError('BAD_OPTION', `Model not found: ${file}`, 'Check the path.');
  });
  // Two sessions alternate and sharp decodes the next image meanwhile: no spin-waiting threads.
  return ModelSession.open(file, { threads, optimizationLevel: 'all', spinning: false });
}

function zerosFor(dims: readonly number[], dtype: 'float32' | 'uint8'): TensorInput {
  const size = dims.reduce((a, b) => a * b, 1);
  return dtype === 'uint8'
    ? { data: new Uint8Array(size), dims, dtype }
    : { data: new Float32Array(size), dims, dtype };
}

/** Runs a whole comparison and writes its report files. */
export async function runComparison(requested: CompareOptions, ctx: JobContext): Promise<CompareResult> {
  const started = performance.now();
  const images = path.resolve(requested.images);
  const stat = await fs.stat(images).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new ParityError('BAD_OPTION', `Images folder not found: ${images}`, 'Pass --images <dir> with image files (or class subfolders with --labels).');
  }
  // Conversion area: a --candidate-recipe becomes a cached variant of the reference; a candidate's manifest is kept.
  const resolved = await resolveCandidate(requested, ctx);
  const params: CompareOptions = { ...requested, candidate: resolved.path };
  // Interrupted runs: a fresh run starts from a clean folder and saves what it was asked; a resumed one continues.
  const runDir = path.resolve(params.runDir);
  if (requested.resume) {
    const finished = await finishedResult(runDir);
    if (finished) return finished;
  }
  const checkpoint = requested.resume ? await readCheckpoint(runDir, requested) : null;
  if (checkpoint) await removeOrphanTempFiles(runDir);
  if (!checkpoint) {
    await clearRunOutputs(runDir, [params.copies.json, params.copies.html, params.copies.csv]);
    await fs.mkdir(runDir, { recursive: true });
    await writeRunParams(runDir, requested);
  }
  ctx.progress('loading models', 0, 2);
  const reference = await openSession(params.reference, params.threads);
  const candidate = await openSession(params.candidate, params.threads).catch(async (error: unknown) => {
    await reference.release();
    throw error;
  });
  try {
    ctx.progress('loading models', 2, 2);
    const refSig = reference.signature();
    const candSig = candidate.signature();
    assertModelsCorrespond(refSig, candSig);
    const input = refSig.inputs[0]!;
    const spec = resolvePreprocessSpec(params.preprocess, input);
    const classes = params.labels ? await readLabels(params.labels) : null;

    ctx.progress('listing images', 0, null);
    const listing = await listImages(images, { withLabels: classes !== null, ...(params.maxImages ? { maxImages: params.maxImages } : {}) });
    const skipped: SkippedImage[] = [...listing.skipped];
    const entries = listing.entries.filter((entry) => {
      if (classes && entry.label !== null && !classes.includes(entry.label)) {
        skipped.push({ path: entry.relPath, reason: `folder "${entry.label}" is not a class in the labels file` });
        return false;
      }
      return true;
    });
    if (entries.length === 0) {
      throw new ParityError(
        'NO_IMAGES',
        `No usable images in ${images}${skipped.length ? ` (${skipped.length} skipped, e.g. ${skipped[0]!.path}: ${skipped[0]!.reason})` : ''}.`,
        classes ? 'With --labels, put images in one subfolder per class name.' : 'Supported: JPEG, PNG, WebP, TIFF, GIF, AVIF.',
      );
    }

    const warmup = zerosFor([1, ...(spec.layout === 'NCHW' ? [3, spec.height, spec.width] : [spec.height, spec.width, 3])], spec.dtype);
    ctx.progress('warming up', 0, 1);
    await reference.run({ [input.name]: warmup });
    await candidate.run({ [input.name]: warmup });

    const robustness = await RobustnessRun.start(params, spec, ctx);
    // Progress counts model pairs run: the clean image plus each of its (perturbation, severity) versions.
    const units = 1 + (robustness?.unitsPerImage ?? 0);
    const timings = { decodeMs: 0, preprocessMs: 0, refMs: 0, candMs: 0, metricsMs: 0 };
    const gallery = new DisagreementGallery(params.galleryCount);
    let perImage: PerImageResult[] = [];
    let plan: OutputDescription[] | null = null;
    let accumulator: SummaryAccumulator | null = null;
    let done = 0;
    if (checkpoint) {
      plan = checkpoint.plan;
      accumulator = SummaryAccumulator.restore(checkpoint.accumulator);
      perImage = checkpoint.perImage;
      skipped.splice(0, skipped.length, ...checkpoint.skipped);
      for (const item of checkpoint.gallery) gallery.offer(item.relPath, item.disagreement, null);
      if (robustness && checkpoint.robustness !== null) robustness.restore(checkpoint.robustness);
      done = Math.min(checkpoint.entriesDone, entries.length);
      ctx.log('info', `resuming ${runDir} after ${done} of ${entries.length} images`);
    }
    let lastCheckpoint = performance.now();
    const saveCheckpoint = async (): Promise<void> => {
      if (!plan || !accumulator) return;
      await writeCheckpoint(runDir, {
        checkpointVersion: 1,
        paramsKey: paramsKey(requested),
        entriesDone: done,
        plan,
        accumulator: accumulator.snapshot(),
        perImage,
        skipped,
        gallery: gallery.entries(),
        robustness: robustness ? robustness.snapshot() : null,
      });
      lastCheckpoint = performance.now();
    };
    const load = (relPath: string): Promise<RgbImage> => decodeFitted(path.join(images, relPath), spec);
    const benchSample = new BenchTensorSample();
    ctx.progress('comparing', done * units, entries.length * units);
    for await (const prepared of streamImages(entries.slice(done), spec)) {
      ctx.throwIfCancelled();
      if (!prepared.ok) {
        skipped.push({ path: prepared.entry.relPath, reason: prepared.reason });
      } else {
        timings.decodeMs += prepared.decodeMs;
        const t0 = performance.now();
        const tensor = toTensor(prepared.image, spec);
        const t1 = performance.now();
        const feed = { [input.name]: { data: tensor.data, dims: tensor.dims, dtype: spec.dtype } };
        if (params.bench) benchSample.offer(tensor.data);
        const refOut = await reference.run(feed);
        const t2 = performance.now();
        const candOut = await candidate.run(feed);
        const t3 = performance.now();
        if (!plan) {
          plan = planOutputs(refSig.outputs, refOut, params);
          accumulator = new SummaryAccumulator(plan.map((p) => p.name));
        }
        const labelIndex = classes && prepared.entry.label !== null ? classes.indexOf(prepared.entry.label) : null;
        const evaluation = evaluateImage(plan, refOut, candOut, {
          threshold: params.threshold,
          topK: params.topK,
          classes,
          labelIndex,
          accumulator: accumulator!,
        });
        accumulator!.add(evaluation.outputs, evaluation.correctness);
        perImage.push({
          path: prepared.entry.relPath,
          label: prepared.entry.label,
          reference: { topK: evaluation.referenceTopK },
          candidate: { topK: evaluation.candidateTopK },
          outputs: evaluation.outputs,
          disagreement: evaluation.disagreement,
          referenceCorrect: evaluation.correctness?.reference ?? null,
          candidateCorrect: evaluation.correctness?.candidate ?? null,
        });
        gallery.offer(prepared.entry.relPath, evaluation.disagreement, prepared.image);
        timings.preprocessMs += prepared.fitMs + (t1 - t0);
        timings.refMs += t2 - t1;
        timings.candMs += t3 - t2;
        timings.metricsMs += performance.now() - t3;
        if (robustness) {
          const base = done * units + 1;
          await robustness.processImage({
            entry: prepared.entry,
            image: prepared.image,
            plan,
            classes,
            labelIndex,
            reference,
            candidate,
            inputName: input.name,
            onUnit: (k) => ctx.progress('comparing', base + k, entries.length * units),
          });
        }
      }
      done += 1;
      ctx.progress('comparing', done * units, entries.length * units);
      if (performance.now() - lastCheckpoint >= CHECKPOINT_INTERVAL_MS && done < entries.length) await saveCheckpoint();
    }
    if (!plan || !accumulator) {
      throw new ParityError('NO_IMAGES', `None of the ${entries.length} images in ${images} could be decoded.`, `First reason: ${skipped[0]?.reason ?? 'unknown'}`);
    }

    if (checkpoint && params.bench) {
      // The tensors sampled before the interruption are gone: sample them again, as the first run did.
      for (const entry of entries) {
        if (benchSample.tensors.length >= benchSample.maxCount) break;
        const image = await decodeFitted(entry.absPath, spec).catch(() => null);
        if (image) benchSample.offer(toTensor(image, spec).data);
      }
    }
    const benchmark = params.bench
      ? await benchComparedModels(
          { reference: params.reference, candidate: params.candidate, spec, imagesRoot: images, sample: benchSample, threads: params.threads, runs: params.benchRuns },
          ctx,
        )
      : null;

    const [refSha, candSha, refStat, candStat] = await Promise.all([
      sha256File(params.reference),
      sha256File(params.candidate),
      fs.stat(params.reference),
      fs.stat(params.candidate),
    ]);
    const summary = accumulator.summary();
    const gate = evaluateGate(summary.overall, params.gate);
    const robustnessOutcome = robustness ? await robustness.finish(summary.overall, load) : null;
    ctx.progress('writing report', 0, 1);
    const report = assembleReport({
      params,
      spec,
      imagesRoot: images,
      classes,
      refSignature: refSig,
      candSignature: candSig,
      models: {
        reference: { sha256: refSha, sizeBytes: refStat.size },
        candidate: { sha256: candSha, sizeBytes: candStat.size },
      },
      plan,
      summary,
      gate,
      perImage,
      skipped,
      extra: {
        ...(robustnessOutcome ? { perturbations: robustnessOutcome.perturbations, robustness: robustnessOutcome.robustness } : {}),
        ...(benchmark ? { performance: performanceSection(benchmark, summary.overall, robustnessOutcome?.perturbations) } : {}),
      },
      ...(resolved.manifest ? { manifests: { candidate: resolved.manifest } } : {}),
      timings: {
        totalMs: performance.now() - started,
        decodeMs: timings.decodeMs,
        preprocessMs: timings.preprocessMs,
        inferenceMs: { reference: timings.refMs, candidate: timings.candMs },
        metricsMs: timings.metricsMs,
      },
    });
    const files = await writeReportFiles(report, await gallery.sorted(load), params.runDir, params.copies, robustnessOutcome?.thumbnails);
    await removeCheckpoint(runDir);
    ctx.progress('writing report', 1, 1);
    return {
      runDir: path.resolve(params.runDir),
      files,
      summary: report.summary.clean,
      gate,
      images: { count: perImage.length, skipped },
      preprocess: spec,
      ...(robustnessOutcome ? { robustness: robustnessOutcome.headline } : {}),
      ...(report.performance ? { performance: report.performance.headline } : {}),
    };
  } finally {
    await Promise.all([reference.release(), candidate.release()]);
  }
}
