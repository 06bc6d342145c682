/**
 * Parity's NMS keeps exactly the boxes ONNX Runtime's NonMaxSuppression operator keeps, on generated clusters of
 * overlapping boxes: per class, class-agnostic (one score row), with a limit, at several IoU thresholds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuSession, type CpuSession } from '../../../../main/engine/infer/index.js';
import { encodeToBytes, ModelProtoSchema, TensorProto_DataType } from '../../../../main/engine/onnx/index.js';
import { Rng } from '../../../../main/engine/perturb/index.js';
import { nonMaxSuppression, type Candidates } from '../../../../main/engine/parity/detection/nms.js';
import type { Box } from '../../../../shared/report/detection.js';
import { intAttribute, modelOf, node, valueInfo } from '../../onnx/model-builders.js';

const F = TensorProto_DataType.FLOAT;

/** A model holding only NonMaxSuppression (opset 11), thresholds and the per-class limit as inputs. */
function nmsModel(): Uint8Array {
  return encodeToBytes(
    ModelProtoSchema,
    modelOf({
      nodes: [node('NonMaxSuppression', ['boxes', 'scores', 'max_per_class', 'iou', 'score'], ['selected'], [intAttribute('center_point_box', 0)])],
      inputs: [
        valueInfo('boxes', F, [1, 'N', 4]),
        valueInfo('scores', F, [1, 'C', 'N']),
        valueInfo('max_per_class', TensorProto_DataType.INT64, [1]),
        valueInfo('iou', F, [1]),
        valueInfo('score', F, [1]),
      ],
      outputs: [valueInfo('selected', TensorProto_DataType.INT64, ['K', 3])],
      opset: [['', 11]],
    }),
  );
}

/** N boxes in a few clusters (so that many overlap), float32 corners, and C rows of scores. */
function generate(seed: string, n: number, classes: number): { boxes: Box[]; scores: Float32Array[] } {
  const rng = Rng.fromKey(seed);
  const centres = Array.from({ length: 6 }, () => [rng.range(40, 600), rng.range(40, 440)] as const);
  const boxes: Box[] = [];
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[rng.int(0, centres.length)]!;
    const w = rng.range(20, 120);
    const h = rng.range(20, 120);
    const x = cx + rng.range(-30, 30) - w / 2;
    const y = cy + rng.range(-30, 30) - h / 2;
    boxes.push([Math.fround(x), Math.fround(y), Math.fround(x + w), Math.fround(y + h)]);
  }
  const scores = Array.from({ length: classes }, () => Float32Array.from({ length: n }, () => rng.uniform()));
  return { boxes, scores };
}

let session: CpuSession | null = null;
afterAll(async () => session?.release());

/** ORT's selection as sorted "class:box" keys. */
async function ortSelects(boxes: Box[], scores: Float32Array[], iou: number, scoreThreshold: number, perClass: number): Promise<string[]> {
  session ??= await createCpuSession(nmsModel(), { intraOpThreads: 1, optimizationLevel: 'disabled', quiet: true });
  const n = boxes.length;
  const yxyx = new Float32Array(n * 4);
  boxes.forEach((b, i) => yxyx.set([b[1], b[0], b[3], b[2]], i * 4));
  const flat = new Float32Array(scores.length * n);
  scores.forEach((row, c) => flat.set(row, c * n));
  const out = await session.run({
    boxes: { data: yxyx, dims: [1, n, 4], dtype: 'float32' },
    scores: { data: flat, dims: [1, scores.length, n], dtype: 'float32' },
    max_per_class: { data: BigInt64Array.from([BigInt(perClass)]), dims: [1], dtype: 'int64' },
    iou: { data: Float32Array.from([iou]), dims: [1], dtype: 'float32' },
    score: { data: Float32Array.from([scoreThreshold]), dims: [1], dtype: 'float32' },
  });
  const sel = out['selected']!.data as BigInt64Array;
  const keys: string[] = [];
  for (let i = 0; i < sel.length; i += 3) keys.push(`${sel[i + 1]}:${sel[i + 2]}`);
  return keys.sort();
}

/** Parity's selection, candidates made as the decoder makes them (score > threshold), as sorted "class:box" keys. */
function paritySelects(boxes: Box[], scores: Float32Array[], iou: number, scoreThreshold: number, mode: 'per-class' | 'agnostic', max: number): string[] {
  const candidates: Candidates = { boxes: [], scores: [], classes: [] };
  const index: number[] = [];
  scores.forEach((row, c) =>
    row.forEach((s, i) => {
      if (!(s > scoreThreshold)) return;
      candidates.boxes.push(boxes[i]!);
      candidates.scores.push(s);
      candidates.classes.push(c);
      index.push(i);
    }),
  );
  return nonMaxSuppression(candidates, mode, iou, max)
    .map((k) => `${mode === 'agnostic' ? 0 : candidates.classes[k]}:${index[k]}`)
    .sort();
}

describe('NMS against ONNX Runtime’s NonMaxSuppression', () => {
  for (const iou of [0.3, 0.45, 0.7]) {
    it(`keeps the same boxes per class at IoU ${iou}`, async () => {
      const { boxes, scores } = generate(`nms-per-class-${iou}`, 300, 3);
      const ours = paritySelects(boxes, scores, iou, 0.2, 'per-class', 10_000);
      expect(ours.length).toBeGreaterThan(20);
      // Clusters overlap: NMS really drops boxes here.
      expect(ours.length).toBeLessThan(paritySelects(boxes, scores, 1, 0.2, 'per-class', 10_000).length * 0.9);
      expect(ours).toEqual(await ortSelects(boxes, scores, iou, 0.2, 10_000));
    });
  }

  it('keeps the same boxes class-agnostic (one score row) and with a limit', async () => {
    const { boxes, scores } = generate('nms-agnostic', 400, 1);
    expect(paritySelects(boxes, scores, 0.5, 0.1, 'agnostic', 10_000)).toEqual(await ortSelects(boxes, scores, 0.5, 0.1, 10_000));
    const limited = paritySelects(boxes, scores, 0.5, 0.1, 'agnostic', 7);
    expect(limited).toHaveLength(7);
    expect(limited).toEqual(await ortSelects(boxes, scores, 0.5, 0.1, 7));
  });

  it('keeps everything above the threshold with nms "none", best first, up to the limit', () => {
    const candidates: Candidates = { boxes: [[0, 0, 10, 10], [0, 0, 10, 10], [1, 1, 9, 9]], scores: [0.5, 0.9, 0.7], classes: [0, 0, 0] };
    expect(nonMaxSuppression(candidates, 'none', 0.5, 2)).toEqual([1, 2]);
    expect(nonMaxSuppression(candidates, 'per-class', 0.5, 10)).toEqual([1]);
  });
});
