/**
 * Overhead of the compare pipeline over ONNX Runtime alone. The bound: both models run back to back on tensors
 * that were decoded and preprocessed beforehand, in this process. The pipeline: the real compare job in the engine
 * process (decode, fit, normalise, both models, metrics, progress over IPC), timed over its "comparing" stage.
 * Target: pipeline time per image ≤ 1.15 × the bound, on the demo set and on the detector at 640×640.
 * Run: node dist/bench/compare-overhead.js
 */
import { mkdtempSync, rmSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineClient, forkChannelFactory } from '../main/engine/index.js';
import { decodeImage, fitToInput, listImages, toTensor, type ImageTensor } from '../main/engine/images/index.js';
import { ModelSession, type TensorInput } from '../main/engine/infer/model-session.js';
import { locateDetector, locateSample } from '../main/engine/samples/index.js';
import type { PreprocessSpec } from '../shared/preprocess.js';
import { comparingMsPerImage } from './comparing-stage.js';

interface Case {
  name: string;
  model: string;
  images: string;
  spec: PreprocessSpec;
}

/** ONNX Runtime alone on tensors decoded beforehand: both models back to back per image, one pass per call. */
async function openBound(c: Case): Promise<{ round(): Promise<number>; release(): Promise<void> }> {
  const { entries } = await listImages(c.images, { withLabels: false });
  const tensors: ImageTensor[] = [];
  for (const entry of entries) tensors.push(toTensor(await fitToInput(await decodeImage(entry.absPath), c.spec), c.spec));
  // The same session settings as the compare pipeline's.
  const a = await ModelSession.open(c.model, { threads: null, optimizationLevel: 'all', spinning: false });
  const b = await ModelSession.open(c.model, { threads: null, optimizationLevel: 'all', spinning: false });
  const name = a.inputNames[0]!;
  const feed = (t: ImageTensor): Record<string, TensorInput> => ({
    [name]: { data: t.data, dims: t.dims, dtype: c.spec.dtype },
  });
  await a.run(feed(tensors[0]!));
  await b.run(feed(tensors[0]!));
  return {
    async round() {
      const t0 = performance.now();
      for (const t of tensors) {
        await a.run(feed(t));
        await b.run(feed(t));
      }
      return (performance.now() - t0) / tensors.length;
    },
    async release() {
      await a.release();
      await b.release();
    },
  };
}

/** The real compare job in the engine process, timed over its "comparing" stage: one pass per call. */
function pipelineRound(engine: EngineClient, c: Case, runDir: string): Promise<number> {
  return comparingMsPerImage(engine, { reference: c.model, candidate: c.model, images: c.images, preprocess: c.spec, runDir, galleryCount: 12 });
}

function repeatFolder(source: string, target: string, times: number): void {
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(source)) {
    for (let i = 0; i < times; i++) copyFileSync(path.join(source, file), path.join(target, `${i}-${file}`));
  }
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-overhead-'));
  const sample = locateSample();
  const detector = locateDetector();
  const docs = path.join(scratch, 'documents');
  repeatFolder(detector.imagesDir, docs, 3);
  const cases: Case[] = [
    { name: 'classifier, 200 demo lines (192×48)', model: sample.modelPath, images: sample.imagesDir, spec: sample.preprocess },
    { name: 'detector, 48 pages (640×640)', model: detector.modelPath, images: docs, spec: JSON.parse(readFileSync(detector.preprocessPath, 'utf8')) as PreprocessSpec },
  ];
  const engine = new EngineClient(forkChannelFactory());
  let failed = false;
  try {
    console.log('case                                   ORT bound ms/img  pipeline ms/img  ratio  target ≤ 1.15');
    for (const c of cases) {
      // Rounds alternate between the two sides, so that a slow spell of this shared machine hits both alike.
      const rounds = c.name.startsWith('classifier') ? 6 : 3;
      const bounds = await openBound(c);
      let bound = Infinity;
      let measured = Infinity;
      try {
        for (let r = 0; r < rounds; r++) {
          bound = Math.min(bound, await bounds.round());
          measured = Math.min(measured, await pipelineRound(engine, c, path.join(scratch, 'run')));
        }
      } finally {
        await bounds.release();
      }
      const ratio = measured / bound;
      if (ratio > 1.15) failed = true;
      console.log(`${c.name.padEnd(39)}${bound.toFixed(2).padStart(16)}${measured.toFixed(2).padStart(17)}${ratio.toFixed(3).padStart(7)}  ${ratio <= 1.15 ? 'pass' : 'FAIL'}`);
    }
  } finally {
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('(best of several alternating rounds each; both sides use the same threads and ORT optimization level)');
  process.exitCode = failed ? 1 : 0;
}

await main();
