/**
 * The `bundle` job: chooses the resize kernel by measurement, writes the bundle, checks it against the original
 * fed Parity's preprocessing, writes the programs that run it and the manifest. The bundle is written under a
 * temporary name and renamed into place last, so a failed or cancelled run leaves no half-made bundle behind.
 */
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BundleManifest, BundleResult, ResizeCandidate } from '../../../shared/contract/jobs/bundle.js';
import { ParityError } from '../../../shared/errors.js';
import { readModel, sha256File, signatureOf, writeModel } from '../onnx/index.js';
import { describeEnvironment } from '../env/versions.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { manifestPathFor } from '../convert/manifest.js';
import { tempPathNextTo } from '../io/temp-files.js';
import { readLabels } from '../parity/compare/labels.js';
import type { JobHandler } from '../jobs/handler.js';
import { bundleOpset, bundleSpec, classScoreOutput, imageInput, spliceBundle } from './build-bundle.js';
import { checkImages } from './check-images.js';
import { measureResizeKernels, RESIZE_CHOICE_METHOD } from './choose-resize.js';
import { describeKernel, kernelById, RESIZE_KERNELS } from './resize-kernels.js';
import { verifyBundle } from './verify-bundle.js';
import { codeDirFor, writeBundleCode } from '../codegen/write-code.js';

/** Figures of the chosen kernel as one sentence. */
function kernelNote(chosen: ResizeCandidate, runnerUp: ResizeCandidate | undefined, how: 'measured' | 'given'): string {
  const figures = (c: ResizeCandidate): string => `mean |Δ| ${c.meanAbsDiff!.toFixed(3)}, p99 ${c.p99AbsDiff}, max ${c.maxAbsDiff} (0–255)`;
  const next = runnerUp ? `; next best ${runnerUp.kernel.id}: ${figures(runnerUp)}` : '';
  return `Resize: ${chosen.kernel.id} (${chosen.description}), ${how === 'measured' ? 'the closest' : 'as given'} to Parity's preprocessing: ${figures(chosen)}${next}.`;
}

export const bundleJob: JobHandler<'bundle'> = async (params, ctx): Promise<BundleResult> => {
  const source = path.resolve(params.model);
  const output = path.resolve(params.output);
  if (output === source) throw new ParityError('BAD_OPTION', 'The bundle would overwrite its source model.', 'Give another path with -o.');
  ctx.progress('reading the model', 0, null);
  const model = await readModel(source);
  const spec = bundleSpec(model, params.preprocess);
  const original = imageInput(model);
  // Options that can be wrong are checked before any measuring.
  const given = params.resize === 'auto' ? null : kernelById(params.resize);
  if (params.softmax || params.topK !== null) classScoreOutput(model);
  const classNames = params.labels ? await readLabels(path.resolve(params.labels)) : null;
  const set = await checkImages(params.images ? path.resolve(params.images) : null, spec, params.maxImages, params.seed, ctx.signal);

  const measured = await measureResizeKernels(spec, RESIZE_KERNELS, set.images, ctx);
  const how = given === null ? 'measured' : 'given';
  const chosen = given === null ? measured[0]! : measured.find((c) => c.kernel.id === given.id)!;
  const opset = bundleOpset(model, chosen.kernel);

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'parity-bundle-'));
  const temp = tempPathNextTo(output, '.onnx');
  try {
    ctx.progress('writing the bundle', 0, 1);
    await mkdir(path.dirname(output), { recursive: true });
    const tail = await spliceBundle(model, spec, chosen.kernel, { softmax: params.softmax, topK: params.topK, classNames }, workDir);
    await writeModel(model, temp);
    const checks = await verifyBundle({ original: source, bundle: temp, spec, inputName: original.name, set, threads: null }, ctx);
    ctx.throwIfCancelled();
    const bundled = await readModel(temp, { checkStructure: false });
    const outputs = bundled.proto.graph!.output.map((v) => signatureOf(v));
    const notes = [kernelNote(chosen, measured.find((c) => c !== chosen), how)];
    if (opset.to > opset.from) notes.push(`Opset raised from ${opset.from} to ${opset.to} for ${chosen.kernel.antialias ? 'Resize with antialias' : 'Resize with optional inputs'}; operators rewritten to the newer signatures with the same results.`);
    if (params.topK !== null && tail.topK !== params.topK) notes.push(`Top-k: k = ${tail.topK}, the number of classes (${params.topK} asked).`);
    if (set.source === 'synthetic') notes.push('Checked on synthetic images: run with --images <dir> to check on images like the ones the model will see.');
    const code = params.languages.length > 0 ? await writeBundleCode(codeDirFor(output), { bundle: output, spec, outputs, topK: tail.topK, classNames, languages: params.languages }) : [];
    await rename(temp, output);
    const [sourceSha, outputSha, sourceStat, outputStat] = await Promise.all([sha256File(source), sha256File(output), stat(source), stat(output)]);
    const manifest: BundleManifest = {
      manifestVersion: 1,
      kind: 'bundle',
      createdAt: new Date().toISOString(),
      source: { path: source, sha256: sourceSha, sizeBytes: sourceStat.size },
      output: { path: output, sha256: outputSha, sizeBytes: outputStat.size },
      spec,
      input: imageInput(bundled),
      originalInput: original,
      outputs,
      opset,
      resize: { chosen: chosen.kernel, description: describeKernel(chosen.kernel), how, candidates: measured, method: RESIZE_CHOICE_METHOD },
      postprocess: { softmax: params.softmax, topK: tail.topK, scoresOutput: tail.scores, classNames: classNames?.length ?? null },
      checks,
      code,
      ortVersion: describeEnvironment().ortVersion,
      notes,
    };
    const manifestPath = manifestPathFor(output);
    await writeJsonAtomic(manifestPath, manifest);
    ctx.progress('writing the bundle', 1, 1);
    return { output, manifestPath, codeDir: code.length > 0 ? codeDirFor(output) : null, manifest };
  } finally {
    await rm(temp, { force: true });
    await rm(workDir, { recursive: true, force: true });
  }
};
