import { describe, expect, it } from 'vitest';
import { classifyDrop } from '../../renderer/src/drop/classify-drop.js';

const f = (relativePath: string) => ({ relativePath, file: relativePath });

describe('classifyDrop', () => {
  it('takes a dropped sample folder apart: images re-rooted at images/, labels and preprocess at its top', () => {
    const plan = classifyDrop([f('orientation/images/0/a.png'), f('orientation/images/180/b.png'), f('orientation/labels.txt'), f('orientation/preprocess.json'), f('orientation/README.md')]);
    expect(plan.images.map((i) => i.relativePath)).toEqual(['0/a.png', '180/b.png']);
    expect(plan.labels?.relativePath).toBe('orientation/labels.txt');
    expect(plan.preprocess?.relativePath).toBe('orientation/preprocess.json');
    expect(plan.ignored).toEqual([{ relativePath: 'orientation/README.md', reason: '.md is not a model, image, labels or preprocess file' }]);
  });

  it('keeps class folders when a folder of class folders is dropped, and when class folders are dropped side by side', () => {
    expect(classifyDrop([f('set/cat/1.jpg'), f('set/dog/2.JPEG')]).images.map((i) => i.relativePath)).toEqual(['cat/1.jpg', 'dog/2.JPEG']);
    expect(classifyDrop([f('cat/1.jpg'), f('dog/2.webp')]).images.map((i) => i.relativePath)).toEqual(['cat/1.jpg', 'dog/2.webp']);
  });

  it('treats one dropped folder as the root, even when it holds a single class', () => {
    expect(classifyDrop([f('cats/1.png'), f('cats/2.png')]).images.map((i) => i.relativePath)).toEqual(['1.png', '2.png']);
  });

  it('separates models, external data, loose images and hidden files', () => {
    const plan = classifyDrop([f('model.onnx'), f('model.onnx.data'), f('other.ONNX'), f('x.png'), f('.DS_Store'), f('y.tif')]);
    expect(plan.models.map((m) => m.relativePath)).toEqual(['model.onnx', 'other.ONNX']);
    expect(plan.modelData.map((m) => m.relativePath)).toEqual(['model.onnx.data']);
    expect(plan.images.map((i) => i.relativePath)).toEqual(['x.png', 'y.tif']);
    expect(plan.ignored).toEqual([]);
  });

  it('does not take a deep labels.txt or preprocess.json for the project files', () => {
    const plan = classifyDrop([f('set/images/0/labels.txt'), f('set/images/0/a.png'), f('set/images/0/sub/preprocess.json')]);
    expect(plan.labels).toBeNull();
    expect(plan.preprocess).toBeNull();
    expect(plan.ignored.map((i) => i.relativePath)).toEqual(['set/images/0/labels.txt', 'set/images/0/sub/preprocess.json']);
  });

  it('normalises Windows separators and leading slashes', () => {
    expect(classifyDrop([f('\\set\\a\\1.png'), f('/set/b/2.png')]).images.map((i) => i.relativePath)).toEqual(['a/1.png', 'b/2.png']);
  });
});
