/**
 * An ImageNet-shaped project built in code: a small 1,000-class convolutional classifier (TensorFlow-style node
 * names, a fixed or symbolic class dim), the real ImageNet class names, and photos-like images in class folders
 * named after them. Real ONNX Runtime runs it; only its weights are seeded rather than trained.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { create } from '@bufbuild/protobuf';
import { TensorProto_DataType, TensorProtoSchema, writeModel, type TensorProto } from '../../main/engine/onnx/index.js';
import { seededRandom } from '../../shared/seeded-random.js';
import { floatTensor, intAttribute, intsAttribute, modelOf, node, valueInfo } from '../engine/onnx/model-builders.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const IMAGENET_LABELS = path.resolve(HERE, '../fixtures/imagenet/imagenet-classes.txt');
/** The 1,000 ImageNet-1k class names, line i = class i. */
export const IMAGENET_CLASSES: readonly string[] = readFileSync(IMAGENET_LABELS, 'utf8').trim().split('\n');

/** Long real names the fixtures favour, so that captions and tables meet them. */
export const LONG_CLASSES = [
  'American Staffordshire terrier',
  'Staffordshire bullterrier',
  'German short-haired pointer',
  'Greater Swiss Mountain dog',
  'Chesapeake Bay retriever',
  'West Highland white terrier',
  'soft-coated wheaten terrier',
  'Bouvier des Flandres',
] as const;

/** TensorFlow export node names: long, slash-separated. */
export const TF_NODE_NAMES = {
  conv: 'MobilenetV2/expanded_conv_13/depthwise/BatchNorm/FusedBatchNorm',
  gemm: 'MobilenetV2/Logits/Conv2d_1c_1x1/BiasAdd/ReadVariableOp_and_MatMul',
};

function int64Tensor(name: string, values: number[]): TensorProto {
  return create(TensorProtoSchema, { name, dims: [BigInt(values.length)], dataType: TensorProto_DataType.INT64, int64Data: values.map(BigInt) });
}

export interface ClassifierOptions {
  /** Input side in pixels (fixed NCHW [1, 3, side, side]). */
  side?: number;
  /** The class dim as the output signature states it: a number, or a symbolic name. */
  classDim?: number | string;
  /** Seed of the weights; two seeds give two models that disagree on some images. */
  seed?: number;
  /** How strongly the biases favour LONG_CLASSES (0: not at all). */
  favour?: number;
}

/** Writes the classifier: Conv 5×5/4 → Relu → GlobalAveragePool → Flatten → Gemm → Softmax ("probabilities"). */
export async function writeImagenetClassifier(file: string, options: ClassifierOptions = {}): Promise<string> {
  const side = options.side ?? 64;
  const classes = IMAGENET_CLASSES.length;
  const random = seededRandom(options.seed ?? 1);
  const values = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  const features = 16;
  const bias = values(classes, 0.2);
  const favour = options.favour ?? 3;
  for (const name of LONG_CLASSES) bias[IMAGENET_CLASSES.indexOf(name)]! += favour;
  const F = TensorProto_DataType.FLOAT;
  const symbolicClasses = typeof options.classDim === 'string';
  const model = modelOf({
    nodes: [
      node('Conv', ['input', 'conv_w', 'conv_b'], ['conv'], [intsAttribute('kernel_shape', [5, 5]), intsAttribute('strides', [4, 4]), intsAttribute('pads', [2, 2, 2, 2])], TF_NODE_NAMES.conv),
      node('Relu', ['conv'], ['relu'], [], 'MobilenetV2/expanded_conv_13/depthwise/Relu6'),
      node('GlobalAveragePool', ['relu'], ['pool'], [], 'MobilenetV2/Logits/AvgPool'),
      node('Flatten', ['pool'], ['flat'], [intAttribute('axis', 1)], 'MobilenetV2/Logits/Squeeze'),
      node('Gemm', ['flat', 'fc_w', 'fc_b'], ['logits'], [], TF_NODE_NAMES.gemm),
      node('Softmax', ['logits'], [symbolicClasses ? 'scores' : 'probabilities'], [intAttribute('axis', 1)], 'MobilenetV2/Predictions/Softmax'),
      // Classes gathered through NonZero, whose length is data-dependent: shape inference cannot fix the class dim.
      ...(symbolicClasses
        ? [
            node('NonZero', ['class_mask'], ['kept'], [], 'MobilenetV2/Predictions/Where'),
            node('Reshape', ['kept', 'flat_shape'], ['kept_flat'], [], 'MobilenetV2/Predictions/Reshape'),
            node('Gather', ['scores', 'kept_flat'], ['probabilities'], [intAttribute('axis', 1)], 'MobilenetV2/Predictions/GatherV2'),
          ]
        : []),
    ],
    inputs: [valueInfo('input', F, [1, 3, side, side])],
    outputs: [valueInfo('probabilities', F, [1, options.classDim ?? classes])],
    initializers: [
      floatTensor('conv_w', [features, 3, 5, 5], values(features * 75, 0.4)),
      floatTensor('conv_b', [features], values(features, 0.1)),
      floatTensor('fc_w', [features, classes], values(features * classes, 3)),
      floatTensor('fc_b', [classes], bias),
      ...(symbolicClasses ? [floatTensor('class_mask', [classes], new Float32Array(classes).fill(1)), int64Tensor('flat_shape', [-1])] : []),
    ],
  });
  await writeModel(model, file);
  return file;
}

/** The labels file without one line (the defect of issue 14: every class after the gap shifts by one). */
export function writeLabelsMissingLine(file: string, missing = 500): string {
  writeFileSync(file, `${IMAGENET_CLASSES.filter((_, i) => i !== missing).join('\n')}\n`);
  return file;
}

/** `perClass` seeded photo-like images (gradients and blobs, 96×80 JPEG) in one folder per class name. */
export async function writeClassFolders(root: string, classNames: readonly string[], perClass: number, seed = 7): Promise<string> {
  const random = seededRandom(seed);
  for (const name of classNames) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const [w, h] = [96, 80];
      const pixels = Buffer.alloc(w * h * 3);
      const base = [random(), random(), random()].map((v) => v * 255);
      const blob = { x: random() * w, y: random() * h, r: 10 + random() * 30, c: [random(), random(), random()].map((v) => v * 255) };
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const inBlob = (x - blob.x) ** 2 + (y - blob.y) ** 2 < blob.r ** 2;
          for (let c = 0; c < 3; c++) {
            const v = inBlob ? blob.c[c]! : base[c]! * (0.6 + (0.4 * (x + y)) / (w + h)) + random() * 20;
            pixels[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
          }
        }
      }
      await sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toFile(path.join(root, name, `photo-${String(i).padStart(3, '0')}.jpg`));
    }
  }
  return root;
}

/** The preprocessing these fixtures use (ImageNet mean/std at the model's side). */
export function imagenetPreprocess(side = 64): Record<string, unknown> {
  return { resize: 'stretch', width: side, height: side, scale: 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
}
