/**
 * Drives the reference check of int8-static against ONNX Runtime's Python quantizer: exports the calibration
 * tensors (decoded and preprocessed by Parity's own pipeline) to .npy, builds Parity's int8-static variant from the
 * same images, then runs bench/quantize-reference.py, which quantizes the same model with ORT on the same tensors
 * and prints agreement, size and speed side by side. Needs a Python with onnx and onnxruntime
 * (PARITY_REFERENCE_PYTHON, default /work/.venv-oracle/bin/python, else python3).
 * Run: node dist/bench/convert-reference.js [classifier|detector ...]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import type { PreprocessSpec } from '../shared/preprocess.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { decodeImage, listImages, preprocessImage } from '../main/engine/images/index.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { locateDetector, locateSample } from '../main/engine/samples/index.js';
import { writeNpy } from './npy.js';

interface Subject {
  name: string;
  model: string;
  images: string;
  spec: PreprocessSpec;
  task: 'classification' | 'dense';
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function subjects(): Subject[] {
  const cls = locateSample();
  const det = locateDetector();
  return [
    { name: 'classifier', model: cls.modelPath, images: cls.imagesDir, spec: cls.preprocess, task: 'classification' },
    { name: 'detector', model: det.modelPath, images: det.imagesDir, spec: det.preprocess, task: 'dense' },
  ];
}

function python(): string {
  if (process.env.PARITY_REFERENCE_PYTHON) return process.env.PARITY_REFERENCE_PYTHON;
  return existsSync('/work/.venv-oracle/bin/python') ? '/work/.venv-oracle/bin/python' : 'python3';
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const work = mkdtempSync(path.join(tmpdir(), 'parity-reference-'));
  try {
    for (const s of subjects().filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
      const { entries } = await listImages(s.images, { withLabels: false });
      const tensors = await Promise.all(entries.map(async (e) => preprocessImage(await decodeImage(e.absPath), s.spec)));
      const npy = path.join(work, `${s.name}.npy`);
      writeNpy(npy, tensors.map((t) => t.data as Float32Array), tensors[0]!.dims);
      const ours = path.join(work, `${s.name}.parity-int8.onnx`);
      const t0 = performance.now();
      const result = await convertModel(
        ConvertParamsSchema.parse({ model: s.model, recipe: 'int8-static', output: ours, calib: s.images, preprocess: s.spec, measureSpeed: false }),
        createJobContext('bench', new AbortController().signal, () => {}, () => {}),
      );
      console.log(`\n${s.name}: Parity int8-static built in ${((performance.now() - t0) / 1000).toFixed(1)} s from ${tensors.length} images`);
      const args = [
        path.join(root, 'bench', 'quantize-reference.py'),
        '--model', s.model, '--tensors', npy, '--ours', ours, '--task', s.task, '--workdir', work,
        ...(result.manifest.int8Path?.reduceRange ? ['--reduce-range'] : []),
      ];
      const run = spawnSync(python(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (run.status !== 0) {
        console.log(`  reference quantizer failed (${python()}): ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`);
        process.exitCode = 1;
        continue;
      }
      process.stdout.write(run.stdout);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
