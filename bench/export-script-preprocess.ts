/**
 * How close the preprocessing of `parity export-script`'s Python (Pillow) is to Parity's own (sharp/libvips), on
 * the same files: for each geometry, the script's tensor and Parity's, compared value by value and expressed in
 * 8-bit grey levels (Δvalue × std × scale). Prints, per case: images, share of values identical, share within one
 * level, mean and max difference in levels.
 *
 *   npm run build && node dist/bench/export-script-preprocess.js [--python /work/venv/bin/python] [--images dir]
 * Needs Python with numpy and pillow.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeImage, preprocessImage } from '../main/engine/images/index.js';
import { exportScript } from '../main/engine/export-script/python-script.js';
import { parseNpy } from '../main/engine/numpy/npy.js';
import type { PreprocessSpec } from '../shared/preprocess.js';

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const python = argument('python', '/work/venv/bin/python');
const photos = argument('images', '/work/models/images/imagenet-200');
const root = path.resolve('samples');
const IMAGENET: Omit<PreprocessSpec, 'resize' | 'width' | 'height'> = { colorOrder: 'RGB', layout: 'NCHW', scale: 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], dtype: 'float32' };
const PADDLE_CLS: Omit<PreprocessSpec, 'resize' | 'width' | 'height'> = { colorOrder: 'BGR', layout: 'NCHW', scale: 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], dtype: 'float32' };

interface Case {
  name: string;
  dir: string;
  spec: PreprocessSpec;
}

const CASES: Case[] = [
  { name: 'text lines 320×48 → 192×48 stretch (shrink)', dir: path.join(root, 'orientation/images/0'), spec: { ...PADDLE_CLS, resize: 'stretch', width: 192, height: 48 } },
  { name: 'pages 640×640 → 224×224 stretch (shrink 2.9×)', dir: path.join(root, 'documents/images'), spec: { ...IMAGENET, resize: 'stretch', width: 224, height: 224 } },
  { name: 'pages 640×640 → 960×960 stretch (enlarge 1.5×)', dir: path.join(root, 'documents/images'), spec: { ...IMAGENET, resize: 'stretch', width: 960, height: 960 } },
  { name: 'text lines 320×48 → 256×64 stretch (shrink x, enlarge y)', dir: path.join(root, 'orientation/images/0'), spec: { ...PADDLE_CLS, resize: 'stretch', width: 256, height: 64 } },
  { name: 'photos → 224×224 crop', dir: photos, spec: { ...IMAGENET, resize: 'crop', width: 224, height: 224 } },
  { name: 'photos → 224×224 letterbox', dir: photos, spec: { ...IMAGENET, resize: 'letterbox', width: 224, height: 224 } },
];

/** Runs the generated script's preprocessing (imported as a module, no model) and saves each tensor as .npy. */
const SAVE_TENSORS = `
import importlib.util, os, sys
import numpy as np
spec = importlib.util.spec_from_file_location("export", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
files, out = sys.argv[2:-1], sys.argv[-1]
for i, f in enumerate(files):
    np.save(os.path.join(out, "%d.npy" % i), m.to_tensor(m.fit(m.load_rgb(f))))
`;

async function measure(c: Case, work: string): Promise<void> {
  let files: string[];
  try {
    files = readdirSync(c.dir).filter((f) => /\.(png|jpe?g|webp)$/i.test(f)).sort().slice(0, 40).map((f) => path.join(c.dir, f));
  } catch {
    process.stdout.write(`${c.name}: skipped, ${c.dir} is not readable\n`);
    return;
  }
  const script = path.join(work, 'export.py');
  writeFileSync(script, exportScript('onnxruntime', c.spec, 'bench'));
  const out = mkdtempSync(path.join(work, 't-'));
  execFileSync(python, ['-c', SAVE_TENSORS, script, ...files, out]);
  const levelsPer = c.spec.std.map((s) => s * c.spec.scale);
  let values = 0;
  let identical = 0;
  let withinOne = 0;
  let sum = 0;
  let max = 0;
  for (const [i, file] of files.entries()) {
    const mine = (await preprocessImage(await decodeImage(file), c.spec)).data;
    const theirs = parseNpy(readFileSync(path.join(out, `${i}.npy`)));
    const plane = c.spec.width * c.spec.height;
    const data = theirs.data;
    for (let k = 0; k < mine.length; k++) {
      const levels = Math.abs((mine[k]! - data[k]!) * levelsPer[Math.floor(k / plane)]!);
      values++;
      if (levels < 1e-3) identical++;
      if (levels <= 1 + 1e-3) withinOne++;
      sum += levels;
      if (levels > max) max = levels;
    }
  }
  const pct = (n: number): string => `${((100 * n) / values).toFixed(2)}%`;
  process.stdout.write(`${c.name}: ${files.length} images, identical ${pct(identical)}, within 1 level ${pct(withinOne)}, mean ${(sum / values).toFixed(3)} levels, max ${max.toFixed(0)} levels\n`);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'parity-export-bench-'));
try {
  process.stdout.write(`Pillow (export-script) vs Parity (sharp, libvips linear kernel) preprocessing, ${python}\n`);
  for (const c of CASES) await measure(c, work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
