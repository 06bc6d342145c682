/**
 * The post-processing spec proposed from output shapes: the shapes of YOLOX-nano, NudeNet's YOLOv8n (dynamic size),
 * UltraFace and YOLOv5s as their ONNX exports declare them, and shapes that only look alike (a CRNN's, a classifier's,
 * BlazeFace's four heads) which get no proposal.
 */
import { describe, expect, it } from 'vitest';
import { proposePostprocess } from '../../shared/propose-postprocess.js';
import { PostprocessSpecSchema } from '../../shared/postprocess.js';

const input = (shape: Array<number | string>) => [{ name: 'images', shape }];
const output = (name: string, shape: Array<number | string | null>) => ({ name, shape });

describe('proposePostprocess', () => {
  it('reads YOLOX-nano [1, 3549, 85] at 416×416 as YOLO rows that need the grid decode', () => {
    const p = proposePostprocess(input([1, 3, 416, 416]), [output('output', [1, 3549, 85])])!;
    expect(p.spec).toEqual({ kind: 'yolo', output: 'output', layout: 'anchors-first', grid: true });
    expect(p.reading).toMatch(/80 class scores .*grid decode/);
    expect(PostprocessSpecSchema.safeParse(p.spec).success).toBe(true);
  });

  it('reads YOLOv5s [1, 25200, 85] at 640×640 (three anchors per cell) as YOLO rows without a grid', () => {
    expect(proposePostprocess(input([1, 3, 640, 640]), [output('output0', [1, 25200, 85])])!.spec).toEqual({ kind: 'yolo', output: 'output0', layout: 'anchors-first' });
  });

  it('reads a dynamic-size YOLOv8 [batch, 22, N] as attributes first, and a fixed one only at its anchor count', () => {
    const p = proposePostprocess(input(['batch', 3, 'height', 'width']), [output('output0', ['batch', 22, 'anchors'])])!;
    expect(p.spec).toEqual({ kind: 'yolo', output: 'output0', layout: 'attributes-first' });
    expect(p.reading).toMatch(/18 class scores/);
    expect(proposePostprocess(input([1, 3, 640, 640]), [output('output0', [1, 84, 8400])])!.spec).toMatchObject({ layout: 'attributes-first' });
    expect(proposePostprocess(input([1, 3, 640, 640]), [output('output0', [1, 84, 8000])])).toBeNull();
  });

  it('reads UltraFace scores [1, 4420, 2] and boxes [1, 4420, 4] as boxes and scores with background column 0', () => {
    const p = proposePostprocess(input([1, 3, 240, 320]), [output('scores', [1, 4420, 2]), output('boxes', [1, 4420, 4])])!;
    expect(p.spec).toEqual({ kind: 'boxes-scores', outputs: { boxes: 'boxes', scores: 'scores' }, backgroundClass: 0 });
    expect(p.reading).toMatch(/cannot be read from shapes/);
  });

  it('proposes nothing for a CRNN, a classifier, a dense map or BlazeFace’s four heads', () => {
    expect(proposePostprocess(input([1, 3, 48, 'w']), [output('softmax', ['t', 'b', 6625])])).toBeNull();
    expect(proposePostprocess(input([1, 3, 48, 320]), [output('softmax', [1, 40, 6625])])).toBeNull();
    expect(proposePostprocess(input([1, 3, 224, 224]), [output('logits', ['batch', 1000])])).toBeNull();
    expect(proposePostprocess(input([1, 3, 640, 640]), [output('maps', [1, 1, 640, 640])])).toBeNull();
    const heads = [output('Identity:0', [1, 512, 1]), output('Identity_1:0', [1, 384, 1]), output('Identity_2:0', [1, 512, 16]), output('Identity_3:0', [1, 384, 16])];
    expect(proposePostprocess(input([1, 128, 128, 3]), heads)).toBeNull();
  });
});
