/**
 * A preprocessing spec proposed from what a model file says about itself: the input's shape and element type, its
 * name, its outputs, and metadata_props written by exporters (Ultralytics' imgsz/stride/task, Windows ML's
 * Image.BitmapPixelFormat / Image.NominalPixelRange, explicit mean/std). Each field says where it came from; a
 * "guess" is a common convention for such a model, to be checked against how the model was trained.
 */
import type { TensorSignature } from '../../../shared/model-info.js';
import type { PartialPreprocessSpec, PreprocessSpec } from '../../../shared/preprocess.js';
import type { ProposedPreprocess, ProposalSource } from '../../../shared/model-info.js';

type Field = keyof PreprocessSpec;

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

class Proposal {
  readonly spec: Record<string, unknown> = {};
  readonly fields: ProposedPreprocess['fields'] = {};
  set<K extends Field>(field: K, value: PreprocessSpec[K], source: ProposalSource, why: string): void {
    if (field in this.spec) return; // the first (most reliable) source wins
    this.spec[field] = value;
    this.fields[field] = { source, why };
  }
}

const fixed = (d: unknown): number | null => (typeof d === 'number' && d > 0 ? d : null);

function fromShape(p: Proposal, input: TensorSignature): void {
  const shape = input.shape;
  const dtype = input.dtype.replace(/^tensor\((.*)\)$/, '$1');
  if (dtype === 'uint8' || dtype === 'int8' || dtype === 'float32' || dtype === 'float') {
    p.set('dtype', dtype === 'float' ? 'float32' : dtype, 'model', `input ${input.name} is ${dtype}`);
  }
  if (shape === null || shape.length !== 4) return;
  const [n = null, d1 = null, d2 = null, d3 = null] = shape.map(fixed);
  const layout = d1 === 3 || (d1 === 1 && d3 !== 1) ? 'NCHW' : d3 === 3 || d3 === 1 ? 'NHWC' : null;
  if (layout === null) return;
  p.set('layout', layout, 'model', `channel axis of ${JSON.stringify(shape)}`);
  const [h, w, c] = layout === 'NCHW' ? [d2, d3, d1] : [d1, d2, d3];
  if (h !== null) p.set('height', h, 'model', 'fixed in the input shape');
  if (w !== null) p.set('width', w, 'model', 'fixed in the input shape');
  if (c === 1) p.set('colorOrder', 'GRAY', 'model', 'one channel');
  if (n !== null && n > 1) p.set('batch', n, 'model', `fixed batch of ${n}: every slot gets the same image`);
}

function parseTriple(text: string | undefined): [number, number, number] | null {
  if (text === undefined) return null;
  const values = text.replace(/[[\]()]/g, ' ').split(/[\s,]+/).filter(Boolean).map(Number);
  return values.length === 3 && values.every(Number.isFinite) ? [values[0]!, values[1]!, values[2]!] : null;
}

function fromMetadata(p: Proposal, meta: Readonly<Record<string, string>>): void {
  // Windows ML image metadata (the ONNX model zoo's convention).
  const pixelFormat = meta['Image.BitmapPixelFormat'];
  if (pixelFormat) {
    const order = /^gray/i.test(pixelFormat) ? 'GRAY' : /^bgr/i.test(pixelFormat) ? 'BGR' : /^rgb/i.test(pixelFormat) ? 'RGB' : null;
    if (order) p.set('colorOrder', order, 'metadata', `Image.BitmapPixelFormat = ${pixelFormat}`);
  }
  const range = meta['Image.NominalPixelRange'];
  if (range === 'NominalRange_0_255') {
    p.set('scale', 1, 'metadata', `Image.NominalPixelRange = ${range}`);
  } else if (range === 'Normalized_0_1') {
    p.set('scale', 255, 'metadata', `Image.NominalPixelRange = ${range}`);
  } else if (range === 'Normalized_1_1') {
    p.set('scale', 255, 'metadata', `Image.NominalPixelRange = ${range}`);
    p.set('mean', [0.5, 0.5, 0.5], 'metadata', `Image.NominalPixelRange = ${range}`);
    p.set('std', [0.5, 0.5, 0.5], 'metadata', `Image.NominalPixelRange = ${range}`);
  }
  const mean = parseTriple(meta.mean ?? meta.mean_values);
  const std = parseTriple(meta.std ?? meta.std_values);
  if (mean) p.set('mean', mean, 'metadata', 'metadata "mean"');
  if (std) p.set('std', std, 'metadata', 'metadata "std"');
  // Ultralytics exports (YOLOv5u/v8/11): letterbox centred, grey 114, RGB, 0–1.
  if (meta.author?.startsWith('Ultralytics') || (meta.stride !== undefined && meta.imgsz !== undefined)) {
    const size = parseTriple(`${meta.imgsz ?? ''} 0`.replace(/^\s*\[?\s*(\d+)\s*,\s*(\d+).*$/, '$1 $2 0'));
    if (size) {
      p.set('height', size[0], 'metadata', `Ultralytics imgsz = ${meta.imgsz}`);
      p.set('width', size[1], 'metadata', `Ultralytics imgsz = ${meta.imgsz}`);
    }
    const why = 'Ultralytics export (letterbox centred, grey 114, RGB, pixel / 255)';
    p.set('resize', 'letterbox', 'metadata', why);
    p.set('anchor', 'center', 'metadata', why);
    p.set('pad', 114, 'metadata', why);
    p.set('colorOrder', 'RGB', 'metadata', why);
    p.set('scale', 255, 'metadata', why);
    p.set('mean', [0, 0, 0], 'metadata', why);
    p.set('std', [1, 1, 1], 'metadata', why);
  }
}

function guesses(p: Proposal, input: TensorSignature, outputs: readonly TensorSignature[]): void {
  const classes = outputs.length === 1 ? fixed(outputs[0]!.shape?.at(-1)) : null;
  const integer = p.spec.dtype === 'uint8' || p.spec.dtype === 'int8';
  if (classes === 1000 || classes === 1001) {
    const why = `${classes}-class output: ImageNet evaluation (shorter side to 256, centre crop 224, ImageNet mean/std)`;
    p.set('resize', 'crop', 'guess', why);
    p.set('cropFraction', 0.875, 'guess', why);
    if (!integer) {
      p.set('mean', IMAGENET_MEAN, 'guess', why);
      p.set('std', IMAGENET_STD, 'guess', why);
    }
  }
  const tfName = /:\d+$/.test(input.name);
  p.set('resize', 'stretch', 'guess', 'Parity\'s default; check how the model was trained');
  p.set('colorOrder', 'RGB', 'guess', tfName ? 'TensorFlow export: RGB' : 'most frameworks decode RGB (OpenCV-trained models use BGR)');
  if (!integer) {
    p.set('scale', 255, 'guess', 'pixels divided by 255');
    if (tfName) {
      p.set('mean', [0.5, 0.5, 0.5], 'guess', 'TensorFlow export: pixels scaled to [-1, 1], as Keras MobileNet/Inception preprocessing');
      p.set('std', [0.5, 0.5, 0.5], 'guess', 'TensorFlow export: pixels scaled to [-1, 1]');
    }
    p.set('mean', [0, 0, 0], 'guess', 'no normalisation known');
    p.set('std', [1, 1, 1], 'guess', 'no normalisation known');
  }
}

/** Proposes a spec for the model's single image input (null when it has several inputs). */
export function proposePreprocess(
  inputs: readonly TensorSignature[],
  outputs: readonly TensorSignature[],
  metadata: Readonly<Record<string, string>>,
): ProposedPreprocess | null {
  if (inputs.length !== 1) return null;
  const p = new Proposal();
  fromShape(p, inputs[0]!);
  fromMetadata(p, metadata);
  guesses(p, inputs[0]!, outputs);
  if (p.spec.resize !== 'letterbox') {
    delete p.spec.anchor;
    delete p.spec.pad;
    delete p.fields.anchor;
    delete p.fields.pad;
  }
  return { spec: p.spec as PartialPreprocessSpec, fields: p.fields };
}
