/**
 * Checks the generated samples with the real models through the same code the product uses (listImages,
 * decodeImage, preprocessImage): the orientation classifier's accuracy and the detector's probability maps.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelSession } from '../../main/engine/infer/index.js';
import { PreprocessSpecSchema, type PreprocessSpec } from '../../shared/preprocess.js';
import { decodeImage, listImages, preprocessImage } from '../../main/engine/images/index.js';

export interface ClassifierCheck {
  total: number;
  correct: number;
  accuracy: number;
  /** Images the classifier got wrong, with the probability it gave the true class. */
  misses: Array<{ relPath: string; label: string; trueClassProbability: number }>;
  /** Probabilities given to the true class, sorted ascending: how close the set is to the decision boundary. */
  trueClassProbabilities: number[];
}

export interface DetectorCheck {
  pages: Array<{ relPath: string; shareAbove: number }>;
  threshold: number;
}

async function readSpec(file: string): Promise<PreprocessSpec> {
  return PreprocessSpecSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

async function session(modelPath: string): Promise<ModelSession> {
  return ModelSession.open(modelPath, { threads: 2, optimizationLevel: 'all' });
}

/** Runs the classifier on every image of `dir` (class folders named as in labels.txt) and counts hits. */
export async function checkClassifier(modelPath: string, dir: string): Promise<ClassifierCheck> {
  const labels = (await readFile(path.join(dir, 'labels.txt'), 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
  const spec = await readSpec(path.join(dir, 'preprocess.json'));
  const { entries } = await listImages(path.join(dir, 'images'), { withLabels: true });
  const model = await session(modelPath);
  const inputName = model.inputNames[0] as string;
  const outputName = model.outputNames[0] as string;
  let correct = 0;
  const misses: ClassifierCheck['misses'] = [];
  const trueClassProbabilities: number[] = [];
  for (const entry of entries) {
    const tensor = await preprocessImage(await decodeImage(entry.absPath), spec);
    const result = await model.run({ [inputName]: { dtype: 'float32', data: tensor.data, dims: tensor.dims } });
    const probs = result[outputName]!.data;
    const truth = labels.indexOf(entry.label ?? '');
    let best = 0;
    for (let k = 1; k < probs.length; k++) if ((probs[k] as number) > (probs[best] as number)) best = k;
    trueClassProbabilities.push(probs[truth] as number);
    if (best === truth) correct++;
    else misses.push({ relPath: entry.relPath, label: entry.label ?? '', trueClassProbability: probs[truth] as number });
  }
  await model.release();
  trueClassProbabilities.sort((a, b) => a - b);
  return { total: entries.length, correct, accuracy: entries.length ? correct / entries.length : 0, misses, trueClassProbabilities };
}

/** Runs the detector on every page of `dir` and reports the share of map pixels above `threshold`. */
export async function checkDetector(modelPath: string, dir: string, threshold = 0.3): Promise<DetectorCheck> {
  const spec = await readSpec(path.join(dir, 'preprocess.json'));
  const { entries } = await listImages(path.join(dir, 'images'), { withLabels: false });
  const model = await session(modelPath);
  const inputName = model.inputNames[0] as string;
  const outputName = model.outputNames[0] as string;
  const pages: DetectorCheck['pages'] = [];
  for (const entry of entries) {
    const tensor = await preprocessImage(await decodeImage(entry.absPath), spec);
    const result = await model.run({ [inputName]: { dtype: 'float32', data: tensor.data, dims: tensor.dims } });
    const map = result[outputName]!.data;
    let above = 0;
    for (let i = 0; i < map.length; i++) if ((map[i] as number) > threshold) above++;
    pages.push({ relPath: entry.relPath, shareAbove: above / map.length });
  }
  await model.release();
  return { pages, threshold };
}
