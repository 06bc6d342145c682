/**
 * A YOLO-style detector small enough to build in code, and images it finds objects in: a 32×32 RGB input seen as a
 * 4×4 grid of 8-pixel cells; each cell is one anchor row [cx, cy, w, h, objectness, red, blue] (output `[1, 16, 7]`,
 * boxes in input pixels, the cell itself). Objectness is sigmoid(gain·(cell brightness − bias)),
 * class scores sigmoid of the cell's red and blue. A candidate with a higher `bias` misses dim squares.
 */
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { create } from '@bufbuild/protobuf';
import { encodeToBytes, ModelProtoSchema, TensorProto_DataType } from '../../main/engine/onnx/index.js';
import { TensorProtoSchema, type TensorProto } from '../../main/engine/onnx/generated/onnx_pb.js';
import { floatTensor, intAttribute, intsAttribute, modelOf, node, tensorAttribute, valueInfo } from '../engine/onnx/model-builders.js';

const F = TensorProto_DataType.FLOAT;
const CELL = 8;
const GRID = 4;

/** Writes the detector to `file`; objectness crosses 0.5 where a cell's mean brightness (0–1) equals `bias`. */
export function writeTinyDetector(file: string, bias = 0.2, gain = 40): void {
  const pixels = CELL * CELL;
  // Conv weights [3 out, 3 in, 8, 8]: out 0 = gain·mean of the three channels, out 1 = 12·mean red, out 2 = 12·mean blue.
  const w = new Float32Array(3 * 3 * pixels);
  for (let k = 0; k < pixels; k++) {
    for (let c = 0; c < 3; c++) w[(0 * 3 + c) * pixels + k] = gain / (3 * pixels);
    w[(1 * 3 + 0) * pixels + k] = 12 / pixels;
    w[(2 * 3 + 2) * pixels + k] = 12 / pixels;
  }
  const b = Float32Array.from([-gain * bias, -6, -6]);
  const boxes = new Float32Array(GRID * GRID * 4);
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++) boxes.set([col * CELL + CELL / 2, row * CELL + CELL / 2, CELL, CELL], (row * GRID + col) * 4);
  }
  const model = modelOf({
    nodes: [
      node('Conv', ['images', 'W', 'B'], ['conv'], [intsAttribute('kernel_shape', [CELL, CELL]), intsAttribute('strides', [CELL, CELL])]),
      node('Sigmoid', ['conv'], ['probs']),
      node('Constant', [], ['shape'], [tensorAttribute('value', int64Tensor('shape', [1, 3, GRID * GRID]))]),
      node('Reshape', ['probs', 'shape'], ['flat']),
      node('Transpose', ['flat'], ['rows'], [intsAttribute('perm', [0, 2, 1])]),
      node('Concat', ['boxes', 'rows'], ['output'], [intAttribute('axis', 2)]),
    ],
    inputs: [valueInfo('images', F, [1, 3, GRID * CELL, GRID * CELL])],
    outputs: [valueInfo('output', F, [1, GRID * GRID, 7])],
    initializers: [floatTensor('W', [3, 3, CELL, CELL], w), floatTensor('B', [3], b), floatTensor('boxes', [1, GRID * GRID, 4], boxes)],
  });
  writeFileSync(file, encodeToBytes(ModelProtoSchema, model));
}

function int64Tensor(name: string, values: number[]): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: [BigInt(values.length)],
    dataType: TensorProto_DataType.INT64,
    rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
  });
}

/** One coloured square on black: grid cell (col, row), colour 0–255 per channel. */
export interface Square {
  col: number;
  row: number;
  rgb: [number, number, number];
}

/**
 * Writes a 64×64 PNG (twice the model's input, so boxes map back ×2) with the given squares, each filling its cell,
 * and returns its YOLO txt truth lines (class 0 = red, 1 = blue; the cell, normalised).
 */
export async function writeSquaresImage(file: string, squares: readonly Square[]): Promise<string[]> {
  const size = GRID * CELL * 2;
  const data = Buffer.alloc(size * size * 3);
  for (const s of squares) {
    for (let y = s.row * CELL * 2; y < (s.row + 1) * CELL * 2; y++) {
      for (let x = s.col * CELL * 2; x < (s.col + 1) * CELL * 2; x++) data.set(s.rgb, (y * size + x) * 3);
    }
  }
  await sharp(data, { raw: { width: size, height: size, channels: 3 } }).png().toFile(file);
  return squares.map((s) => {
    const cls = s.rgb[0] >= s.rgb[2] ? 0 : 1;
    const centre = (i: number): string => (((i * CELL + CELL / 2) * 2) / size).toFixed(6);
    return `${cls} ${centre(s.col)} ${centre(s.row)} ${((CELL * 2) / size).toFixed(6)} ${((CELL * 2) / size).toFixed(6)}`;
  });
}

/** The post-processing spec of the tiny detector (classes red, blue). */
export const TINY_POSTPROCESS = {
  kind: 'yolo',
  layout: 'anchors-first',
  objectness: true,
  boxFormat: 'cxcywh',
  scoreThreshold: 0.25,
  iouThreshold: 0.45,
  classes: ['red', 'blue'],
} as const;

/** The preprocessing the tiny detector expects: stretch to 32×32, RGB 0–1. */
export const TINY_PREPROCESS = { resize: 'stretch', width: GRID * CELL, height: GRID * CELL, colorOrder: 'RGB', scale: 255, mean: [0, 0, 0], std: [1, 1, 1] } as const;
