/**
 * Generates Parity's built-in sample data under samples/ and checks it with the real PaddleOCR models:
 *   samples/orientation/images/{0,180}/line-NNN.png, labels.txt, preprocess.json   (text-orientation classifier)
 *   samples/documents/images/page-NN.png, preprocess.json                   (DBNet text detector)
 * Everything is drawn from one seed. New folders are written next to the old ones and swapped in only when the
 * checks pass (classifier accuracy ≥ --min-accuracy, every page's detector map non-trivial).
 *
 *   npx tsc -b tools && node dist/tools/generate-samples.js [--seed 7] [--lines 100] [--documents 16]
 *                                                            [--min-accuracy 0.95] [--check-only]
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { PreprocessSpec } from '../shared/preprocess.js';
import type { RgbImage } from '../main/engine/images/index.js';
import { ocrModelFile, samplesDir } from '../main/engine/samples/index.js';
import { checkClassifier, checkDetector } from './samples/check-samples.js';
import { renderDocument } from './samples/documents.js';
import { rotate180 } from './samples/paint.js';
import { SeededRandom } from './samples/random.js';
import { renderTextLine } from './samples/text-lines.js';

/** How PaddleOCR feeds its classifier: cv2 (BGR) image, 3×48×192, (x/255 − 0.5)/0.5. Lines are ≥ 4:1, so
 * PaddleOCR's "scale to height 48, cap width at 192" is a plain stretch to 192×48. */
const CLASSIFIER_SPEC: PreprocessSpec = {
  resize: 'stretch',
  width: 192,
  height: 48,
  colorOrder: 'BGR',
  layout: 'NCHW',
  scale: 255,
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
  dtype: 'float32',
};

/** PaddleOCR's detector normalisation (ImageNet mean/std applied to the cv2 BGR image, positionally). */
const DETECTOR_SPEC: PreprocessSpec = {
  resize: 'stretch',
  width: 640,
  height: 640,
  colorOrder: 'BGR',
  layout: 'NCHW',
  scale: 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  dtype: 'float32',
};

const DETECTOR_THRESHOLD = 0.3;
/** A page whose map has fewer pixels above the threshold than this is "trivial" (nothing found). */
const MIN_TEXT_SHARE = 0.02;

async function writePng(file: string, image: RgbImage): Promise<void> {
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toFile(file);
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function generateOrientation(dir: string, seed: number, lines: number): Promise<void> {
  // Images live in images/<class>/ so that labels.txt and preprocess.json sit beside, not among, them.
  await fs.mkdir(path.join(dir, 'images', '0'), { recursive: true });
  await fs.mkdir(path.join(dir, 'images', '180'), { recursive: true });
  const root = new SeededRandom(seed);
  const width = String(lines - 1).length;
  for (let i = 0; i < lines; i++) {
    const line = await renderTextLine(root.fork(i));
    const name = `line-${String(i).padStart(Math.max(3, width), '0')}.png`;
    await writePng(path.join(dir, 'images', '0', name), line.image);
    await writePng(path.join(dir, 'images', '180', name), rotate180(line.image));
    if (process.env.SAMPLES_VERBOSE) console.log(`${name}  ${line.face.family} ${line.face.weight} ${line.face.style}  "${line.text}"`);
  }
  await fs.writeFile(path.join(dir, 'labels.txt'), '0\n180\n');
  await writeJson(path.join(dir, 'preprocess.json'), CLASSIFIER_SPEC);
}

async function generateDocuments(dir: string, seed: number, pages: number): Promise<void> {
  await fs.mkdir(path.join(dir, 'images'), { recursive: true });
  const root = new SeededRandom(seed ^ 0x5eed);
  for (let i = 0; i < pages; i++) {
    await writePng(path.join(dir, 'images', `page-${String(i).padStart(2, '0')}.png`), await renderDocument(root.fork(i)));
  }
  await writeJson(path.join(dir, 'preprocess.json'), DETECTOR_SPEC);
}

/** Replaces `target` by `fresh` with two renames, so a reader never sees a half-written folder. */
async function swapIn(fresh: string, target: string): Promise<void> {
  const old = `${target}.old-${process.pid}`;
  const hadOld = await fs.stat(target).then(() => true, () => false);
  if (hadOld) await fs.rename(target, old);
  await fs.rename(fresh, target);
  if (hadOld) await fs.rm(old, { recursive: true, force: true });
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(p) : (await fs.stat(p)).size;
  }
  return total;
}

async function check(orientationDir: string, documentsDir: string, minAccuracy: number): Promise<boolean> {
  const cls = await checkClassifier(ocrModelFile('classifier'), orientationDir);
  console.log(`classifier: ${cls.correct}/${cls.total} correct, accuracy ${cls.accuracy.toFixed(4)} (need ≥ ${minAccuracy})`);
  const p = cls.trueClassProbabilities;
  const quantile = (q: number): string => (p[Math.min(p.length - 1, Math.floor(q * p.length))] ?? NaN).toFixed(3);
  console.log(`  p(true class): min ${quantile(0)}, 5% ${quantile(0.05)}, median ${quantile(0.5)}; ${p.filter((v) => v < 0.9).length} below 0.9`);
  for (const miss of cls.misses) console.log(`  miss ${miss.relPath}: p(${miss.label}) = ${miss.trueClassProbability.toFixed(3)}`);
  const det = await checkDetector(ocrModelFile('detector'), documentsDir, DETECTOR_THRESHOLD);
  const shares = det.pages.map((p) => p.shareAbove);
  for (const p of det.pages) console.log(`  detector ${p.relPath}: ${(p.shareAbove * 100).toFixed(1)}% of pixels > ${det.threshold}`);
  const min = Math.min(...shares);
  const mean = shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length);
  console.log(`detector: share of map pixels > ${det.threshold}: mean ${(mean * 100).toFixed(1)}%, min ${(min * 100).toFixed(1)}% (need ≥ ${MIN_TEXT_SHARE * 100}%)`);
  return cls.accuracy >= minAccuracy && shares.length > 0 && min >= MIN_TEXT_SHARE;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '7' },
      lines: { type: 'string', default: '100' },
      documents: { type: 'string', default: '16' },
      'min-accuracy': { type: 'string', default: '0.95' },
      'check-only': { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const lines = Number(values.lines);
  const documents = Number(values.documents);
  const minAccuracy = Number(values['min-accuracy']);
  if (![seed, lines, documents, minAccuracy].every(Number.isFinite) || lines < 1 || documents < 1) {
    console.error('generate-samples: --seed, --lines, --documents and --min-accuracy must be numbers (lines, documents ≥ 1)');
    return 2;
  }
  const out = samplesDir();
  const orientation = path.join(out, 'orientation');
  const docs = path.join(out, 'documents');
  if (values['check-only']) return (await check(orientation, docs, minAccuracy)) ? 0 : 1;

  await fs.mkdir(out, { recursive: true });
  const freshOrientation = path.join(out, `.orientation.tmp-${process.pid}`);
  const freshDocs = path.join(out, `.documents.tmp-${process.pid}`);
  try {
    const started = Date.now();
    await generateOrientation(freshOrientation, seed, lines);
    await generateDocuments(freshDocs, seed, documents);
    console.log(`generated ${2 * lines} text lines and ${documents} pages in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed})`);
    if (!(await check(freshOrientation, freshDocs, minAccuracy))) {
      console.error('generate-samples: checks failed; samples/ left unchanged');
      return 1;
    }
    await swapIn(freshOrientation, orientation);
    await swapIn(freshDocs, docs);
  } finally {
    await fs.rm(freshOrientation, { recursive: true, force: true });
    await fs.rm(freshDocs, { recursive: true, force: true });
  }
  console.log(`samples/: ${((await folderBytes(out)) / 1024 / 1024).toFixed(2)} MB`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
