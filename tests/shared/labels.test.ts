import { describe, expect, it } from 'vitest';
import { checkLabelsFit, classOutputOf, parseLabelsText } from '../../shared/labels.js';
import type { TensorSignature } from '../../shared/model-info.js';
import { IMAGENET_CLASSES } from '../helpers/imagenet-like.js';

const out = (shape: TensorSignature['shape'], name = 'prob', dtype = 'float32'): TensorSignature => ({ name, dtype, shape });

describe('labels files', () => {
  it('reads lines (BOM, CRLF, blank tail), a JSON array and an index-keyed JSON object alike', () => {
    expect(parseLabelsText('\uFEFFtench\r\ngoldfish\r\n\r\n', 'labels.txt')).toEqual(['tench', 'goldfish']);
    expect(parseLabelsText(JSON.stringify(['tench', 'goldfish']), 'classes.json')).toEqual(['tench', 'goldfish']);
    expect(parseLabelsText(JSON.stringify({ 1: 'goldfish', 0: 'tench' }), 'classes.json')).toEqual(['tench', 'goldfish']);
    expect(parseLabelsText(`${IMAGENET_CLASSES.join('\n')}\n`, 'imagenet.txt')).toHaveLength(1000);
  });

  it('refuses an empty file, an unnamed class in the middle and JSON it cannot map to indices', () => {
    expect(() => parseLabelsText('\n\n', 'l.txt')).toThrow(/is empty/);
    expect(() => parseLabelsText('tench\n\ngoldfish', 'l.txt')).toThrow(/no name for line 2/);
    expect(() => parseLabelsText('{"0": ["n01440764", "tench"]}', 'index.json')).toThrow(/class 0 is not a string/);
    expect(() => parseLabelsText('{"0": "tench", "2": "goldfish"}', 'index.json')).toThrow(/key "2" is not a class index from 0 to 1/);
  });
});

describe('class outputs and the labels fit, from the signature', () => {
  it('finds the class row in [N, C], [N, C, 1, 1] and [N, 1, 1, C], skipping integer outputs', () => {
    expect(classOutputOf([out(['N'], 'idx', 'int64'), out(['N', 1000])])).toEqual({ kind: 'classes', output: 'prob', classes: 1000 });
    expect(classOutputOf([out([1, 1001, 1, 1])])).toMatchObject({ classes: 1001 });
    expect(classOutputOf([out([1, 1, 1, 10])])).toMatchObject({ classes: 10 });
    expect(classOutputOf([out(['N', 'classes'])])).toEqual({ kind: 'classes', output: 'prob', classes: null });
    expect(classOutputOf([out(['N', 1, 'H', 'W'])])).toEqual({ kind: 'unknown' });
    expect(classOutputOf([out([1, 1, 640, 640]), out([1, 25, 6625])])).toEqual({ kind: 'none' });
  });

  it('refuses a count that differs from a fixed class count, naming both; warns on a symbolic one', () => {
    const short = checkLabelsFit(999, [out(['N', 1000])], '/data/imagenet-999.txt');
    expect(short.ok).toBe(false);
    if (!short.ok) {
      expect(short.error.message).toBe('The labels file imagenet-999.txt names 999 classes but the model\'s output "prob" has 1,000 classes.');
      expect(short.error.hint).toMatch(/background class/);
    }
    expect(checkLabelsFit(1000, [out(['N', 1000])], 'l.txt')).toEqual({ ok: true, warning: null });
    const symbolic = checkLabelsFit(1000, [out(['N', 'classes'])], 'l.txt');
    expect(symbolic.ok && symbolic.warning).toMatch(/no fixed class count: the 1,000 classes of l\.txt can only be checked against the first image's output/);
    const none = checkLabelsFit(2, [out([1, 1, 640, 640], 'map')], 'l.txt');
    expect(none.ok).toBe(false);
  });
});
