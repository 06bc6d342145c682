/**
 * The real models convert-reference.js measures, and how each one's outputs are compared with the float model's:
 * classification (top-1 agreement, and accuracy when the images sit in class folders named by a labels file),
 * dense maps (mean IoU of the masks at a threshold, as compare reports it) and CTC sequences (share of images whose
 * greedy decoding is identical). The built-in PaddleOCR models always; the ImageNet MobileNetV2 and ISNet of the
 * shared model folder when present (PARITY_MODELS_DIR, default /work/models; see its README.md); more from
 * PARITY_BENCH_MODELS, a JSON file listing [{ "name", "model", "images", "preprocess": <spec file>, "task",
 * "labels"?: <labels file>, "calibSize"?, "threshold"? }].
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PreprocessSpecSchema, type PreprocessSpec } from '../shared/preprocess.js';
import type { PostprocessSpec } from '../shared/postprocess.js';
import { DEFAULT_CALIBRATION_SIZE } from '../shared/contract/jobs/convert.js';
import { selectCalibrationImages } from '../main/engine/convert/calibration/calibration-images.js';
import { decodeImage, listImages, preprocessImage, type ImageEntry } from '../main/engine/images/index.js';
import { readModel } from '../main/engine/onnx/index.js';
import { denseMetrics } from '../main/engine/parity/metrics/dense.js';
import { locateDetector, locateRecognizer, locateSample } from '../main/engine/samples/index.js';
import { createCpuSession, type GraphOptimizationLevel } from '../main/engine/infer/index.js';

export type Task = 'classification' | 'dense' | 'sequence' | 'sqnr';

export interface Subject {
  name: string;
  model: string;
  images: string;
  spec: PreprocessSpec;
  task: Task;
  /** Class names, line i = output index i (the images' first folder level names their class). */
  labels: string[] | null;
  /** Calibration images: a seeded subset of this many (the rest only evaluate); null = all of them. */
  calibSize: number | null;
  /** Mask threshold of dense maps. */
  threshold: number;
  /** Evaluate on at most this many images (listing order); null = all. */
  maxImages?: number;
  /** Detector post-processing (compare's --postprocess): each int8 file's boxes are also compared with fp32's. */
  postprocess?: PostprocessSpec;
}

const ExtraSchema = z.array(
  z.object({
    name: z.string(),
    model: z.string(),
    images: z.string(),
    preprocess: z.string(),
    task: z.enum(['classification', 'dense', 'sequence', 'sqnr']),
    labels: z.string().optional(),
    calibSize: z.number().int().positive().optional(),
    threshold: z.number().optional(),
  }),
);

/**
 * The zoo's ImageNet MobileNetV2 and EfficientNet-Lite0 (200 labelled photos, calibrated on 32), YOLOX-nano (22 photos, output SQNR) and
 * ISNet (its float16 weights make int8 inapplicable: the bench says so), when present.
 */
function zooSubjects(dir: string): Subject[] {
  const list: Subject[] = [];
  // PARITY_BENCH_IMAGENET: another folder of ImageNet photos in class folders (e.g. imagenet-1000-by-class).
  const imagenet = process.env.PARITY_BENCH_IMAGENET ?? path.join(dir, 'images', 'imagenet-200-by-class');
  // A 224×224 ImageNet classifier with crop resizing (Parity's crop takes the whole short side, where torchvision's
  // centre crop takes 0.875 of it), calibrated on a seeded 32 of the photos.
  const classifier = (name: string, model: string, mean: [number, number, number], std: [number, number, number]): void => {
    if (!existsSync(model) || !existsSync(imagenet)) return;
    list.push({
      name,
      model,
      images: imagenet,
      spec: { resize: 'crop', width: 224, height: 224, colorOrder: 'RGB', layout: 'NCHW', scale: 255, mean, std, dtype: 'float32' },
      task: 'classification',
      labels: lines(path.join(dir, 'imagenet-classes-unique.txt')),
      calibSize: 32,
      threshold: 0.5,
    });
  };
  classifier('mobilenetv2', path.join(dir, 'mobilenetv2-imagenet-fp32.onnx'), [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
  // A genuine float32 MobileNetV2-class model (Google's EfficientNet-Lite0 weights; the MobileNetV2 above is rebuilt
  // from an int8 file, so its weights already sit on an int8 grid).
  classifier('efficientnet-lite0', path.join(dir, 'efficientnet-lite0', 'efficientnet-lite0-fp32.onnx'), [127 / 255, 127 / 255, 127 / 255], [128 / 255, 128 / 255, 128 / 255]);
  const yolox = path.join(dir, 'yolox', 'yolox_nano.onnx');
  if (existsSync(yolox) && existsSync(path.join(dir, 'images', 'faces'))) {
    list.push({
      name: 'yolox-nano',
      model: yolox,
      images: path.join(dir, 'images', 'faces'),
      // BGR, raw 0–255; Parity's letterbox is centred (the model was trained top-left): the same tensors go to all three.
      spec: { resize: 'letterbox', width: 416, height: 416, colorOrder: 'BGR', layout: 'NCHW', scale: 1, mean: [0, 0, 0], std: [1, 1, 1], dtype: 'float32' },
      task: 'sqnr',
      postprocess: { kind: 'yolo', output: 'output', layout: 'anchors-first', grid: true },
      labels: null,
      calibSize: 16,
      threshold: 0.5,
    });
  }
  const isnet = path.join(dir, 'isnet', 'isnet_medium.onnx');
  const faces = path.join(dir, 'images', 'faces');
  if (existsSync(isnet) && existsSync(faces)) {
    list.push({
      name: 'isnet',
      model: isnet,
      images: faces,
      spec: { resize: 'stretch', width: 1024, height: 1024, colorOrder: 'RGB', layout: 'NCHW', scale: 1, mean: [128, 128, 128], std: [256, 256, 256], dtype: 'float32' },
      task: 'dense',
      labels: null,
      // 319 GFLOP per image: 4 calibration images, 8 evaluated, keep the run under an hour on 2 cores.
      calibSize: 4,
      threshold: 0.5,
      maxImages: 8,
    });
  }
  return list;
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The PaddleOCR classifier, detector and recogniser with the built-in samples, then PARITY_BENCH_MODELS' models. */
export function subjects(): Subject[] {
  const cls = locateSample();
  const det = locateDetector();
  const rec = locateRecognizer();
  const list: Subject[] = [
    { name: 'classifier', model: cls.modelPath, images: cls.imagesDir, spec: cls.preprocess, task: 'classification', labels: lines(cls.labelsPath), calibSize: null, threshold: 0.5 },
    { name: 'detector', model: det.modelPath, images: det.imagesDir, spec: det.preprocess, task: 'dense', labels: null, calibSize: null, threshold: 0.3 },
    { name: 'recogniser', model: rec.modelPath, images: rec.imagesDir, spec: rec.preprocess, task: 'sequence', labels: null, calibSize: null, threshold: 0.5 },
    ...zooSubjects(process.env.PARITY_MODELS_DIR ?? '/work/models'),
  ];
  const extra = process.env.PARITY_BENCH_MODELS;
  if (extra !== undefined && existsSync(extra)) {
    const base = path.dirname(path.resolve(extra));
    for (const e of ExtraSchema.parse(JSON.parse(readFileSync(extra, 'utf8')))) {
      const at = (p: string): string => path.resolve(base, p);
      list.push({
        name: e.name,
        model: at(e.model),
        images: at(e.images),
        spec: PreprocessSpecSchema.parse(JSON.parse(readFileSync(at(e.preprocess), 'utf8'))),
        task: e.task,
        labels: e.labels === undefined ? null : lines(at(e.labels)),
        calibSize: e.calibSize ?? null,
        threshold: e.threshold ?? 0.3,
      });
    }
  }
  return list;
}

function argmax(values: Float32Array, from: number, length: number): number {
  let best = from;
  for (let i = from + 1; i < from + length; i++) if (values[i]! > values[best]!) best = i;
  return best - from;
}

/** Greedy CTC decoding of [1, T, C] scores: argmax per step, repeats collapsed, blank (0) dropped. */
function ctcText(scores: Float32Array, dims: readonly number[]): string {
  const classes = dims[dims.length - 1]!;
  const out: number[] = [];
  let previous = -1;
  for (let t = 0; t < scores.length / classes; t++) {
    const c = argmax(scores, t * classes, classes);
    if (c !== previous && c !== 0) out.push(c);
    previous = c;
  }
  return out.join(',');
}

/** Signal-to-error ratio in dB of all candidate outputs against the reference's. */
function sqnrDb(reference: readonly Float32Array[], candidate: readonly Float32Array[]): number {
  let signal = 0;
  let noise = 0;
  reference.forEach((r, i) => {
    for (let j = 0; j < r.length; j++) {
      signal += r[j]! * r[j]!;
      noise += (r[j]! - candidate[i]![j]!) ** 2;
    }
  });
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

/** How well `candidate`'s outputs agree with `reference`'s over all images (1 = identical decisions). */
export function agreement(s: Pick<Subject, 'task' | 'threshold'>, reference: readonly Float32Array[], candidate: readonly Float32Array[], dims: readonly number[]): number {
  const task = s.task;
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const [r, c] = [reference[i]!, candidate[i]!];
    if (task === 'sqnr') return sqnrDb(reference, candidate);
    if (task === 'classification') sum += argmax(r, 0, r.length) === argmax(c, 0, c.length) ? 1 : 0;
    else if (task === 'sequence') sum += ctcText(r, dims) === ctcText(c, dims) ? 1 : 0;
    else sum += denseMetrics(r, c, dims, { threshold: s.threshold }).iou;
  }
  return sum / reference.length;
}

/** Share of images whose top-1 class is their folder's label (classification with labels only). */
export function accuracy(outputs: readonly Float32Array[], labels: readonly string[], folders: readonly (string | null)[]): number {
  let right = 0;
  outputs.forEach((o, i) => (right += labels[argmax(o, 0, o.length)] === folders[i] ? 1 : 0));
  return right / outputs.length;
}

/** The metric's name in the table. */
export function metricName(s: Pick<Subject, 'task' | 'threshold'>): string {
  return s.task === 'classification' ? 'top-1 agr.' : s.task === 'dense' ? `IoU@${s.threshold}` : s.task === 'sqnr' ? 'SQNR dB' : 'text agr.';
}

/** Each image decoded and preprocessed once by Parity's pipeline, in listing order. */
export async function tensorsOf(entries: readonly ImageEntry[], spec: PreprocessSpec): Promise<{ tensors: Float32Array[]; dims: readonly number[] }> {
  const tensors: Float32Array[] = [];
  let dims: readonly number[] = [];
  for (const e of entries) {
    const t = await preprocessImage(await decodeImage(e.absPath), spec);
    tensors.push(t.data as Float32Array);
    dims = t.dims;
  }
  return { tensors, dims };
}

/** The first output of `file` on each tensor (and its dims), in a session at optimization `level`, one run per tensor in order. */
export async function outputsAt(file: string, level: GraphOptimizationLevel, threads: number, inputName: string, tensors: readonly Float32Array[], dims: readonly number[]): Promise<{ data: Float32Array[]; dims: readonly number[] }> {
  const session = await createCpuSession(file, { intraOpThreads: threads, optimizationLevel: level, spinning: false, quiet: true });
  try {
    const data: Float32Array[] = [];
    let outDims: readonly number[] = [];
    for (const t of tensors) {
      const out = (await session.run({ [inputName]: { dtype: 'float32', data: t, dims } }))[session.outputNames[0]!]!;
      data.push(out.data as Float32Array);
      outDims = out.dims;
    }
    return { data, dims: outDims };
  } finally {
    await session.release();
  }
}

export interface PreparedSubject {
  /** The evaluated images, in listing order (their folder is the label of classification subjects). */
  entries: ImageEntry[];
  tensors: Float32Array[];
  dims: readonly number[];
  /** The images Parity calibrates on (its seeded subset when calibSize is set), preprocessed: ORT's quantizer gets the same. */
  calibTensors: Float32Array[];
  inputName: string;
}

/** A subject's evaluation and calibration tensors, each image decoded and preprocessed once by Parity's pipeline. */
export async function prepareSubject(s: Subject): Promise<PreparedSubject> {
  const listed = (await listImages(s.images, { withLabels: s.labels !== null })).entries;
  const entries = s.maxImages === undefined ? listed : listed.slice(0, s.maxImages);
  const { tensors, dims } = await tensorsOf(entries, s.spec);
  const calibration = await selectCalibrationImages(s.images, s.calibSize ?? DEFAULT_CALIBRATION_SIZE, 0);
  const calibTensors = s.calibSize === null ? tensors : (await tensorsOf(calibration.entries, s.spec)).tensors;
  const inputName = (await readModel(s.model)).proto.graph!.input[0]!.name;
  return { entries, tensors, dims, calibTensors, inputName };
}
