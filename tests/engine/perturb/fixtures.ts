/** Real images for the perturbation tests (the sample's files, fitted as the compare pipeline fits them) and measures. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage, fitToInput, type RgbImage } from '../../../main/engine/images/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SAMPLE_PAGE = path.join(ROOT, 'samples/documents/images/page-05.png');
export const SAMPLE_LINE = path.join(ROOT, 'samples/orientation/images/0/line-007.png');

/** A real image file fitted (stretched) to width × height. */
export async function fitted(file: string, width: number, height: number): Promise<RgbImage> {
  return fitToInput(await decodeImage(file), { resize: 'stretch', width, height });
}

/** The sample page at 224 × 224 (ImageNet-C's size). */
export const page224 = (): Promise<RgbImage> => fitted(SAMPLE_PAGE, 224, 224);
/** A sample text line at 192 × 48 (the demo classifier's input). */
export const line192 = (): Promise<RgbImage> => fitted(SAMPLE_LINE, 192, 48);

/**
 * The sample line with a smooth hue sweep across it: the samples are nearly grey (mean HSV saturation 0.004), and
 * saturation corruptions need colour to act on.
 */
export async function tintedLine(): Promise<RgbImage> {
  const image = await line192();
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const t = (x / image.width) * 2 * Math.PI;
      const gains = [0.92 + 0.08 * Math.cos(t), 0.92 + 0.08 * Math.cos(t + 2.1), 0.92 + 0.08 * Math.cos(t + 4.2)];
      const i = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(image.data[i + c]! * gains[c]!);
    }
  }
  return { data, width: image.width, height: image.height };
}

function luma(image: RgbImage): Float64Array {
  const n = image.width * image.height;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (0.299 * image.data[3 * i]! + 0.587 * image.data[3 * i + 1]! + 0.114 * image.data[3 * i + 2]!) / 255;
  return out;
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / values.length);
}

/** Standard deviation of (perturbed − clean) over every channel value, on the 0–1 scale. */
export function residualStd(clean: RgbImage, perturbed: RgbImage): number {
  const d = new Float64Array(clean.data.length);
  for (let i = 0; i < d.length; i++) d[i] = (perturbed.data[i]! - clean.data[i]!) / 255;
  return std(d);
}

/** Mean squared discrete Laplacian of the luma: the image's high-frequency energy. */
export function highFrequencyEnergy(image: RgbImage): number {
  const l = luma(image);
  const w = image.width;
  let s = 0;
  let n = 0;
  for (let y = 1; y < image.height - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v = 4 * l[i]! - l[i - 1]! - l[i + 1]! - l[i - w]! - l[i + w]!;
      s += v * v;
      n++;
    }
  }
  return s / n;
}

/** Slope of the regression of the perturbed luma on the clean luma: how much of the image's contrast remains. */
export function contrastKept(clean: RgbImage, perturbed: RgbImage): number {
  const x = luma(clean);
  const y = luma(perturbed);
  const mx = mean(x);
  const my = mean(y);
  let cov = 0;
  let v = 0;
  for (let i = 0; i < x.length; i++) {
    cov += (x[i]! - mx) * (y[i]! - my);
    v += (x[i]! - mx) ** 2;
  }
  return cov / v;
}

/** Local contrast: RMS of the luma minus its 5×5 mean (slow shading such as a fog's plasma barely registers). */
export function localContrast(image: RgbImage): number {
  const l = luma(image);
  const w = image.width;
  let s = 0;
  let n = 0;
  for (let y = 2; y < image.height - 2; y++) {
    for (let x = 2; x < w - 2; x++) {
      let m = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) m += l[(y + dy) * w + x + dx]!;
      const d = l[y * w + x]! - m / 25;
      s += d * d;
      n++;
    }
  }
  return Math.sqrt(s / n);
}

export const meanLuma = (image: RgbImage): number => mean(luma(image));
export const lumaStd = (image: RgbImage): number => std(luma(image));

/** Share of pixels whose colour changed. */
export function changedShare(clean: RgbImage, perturbed: RgbImage): number {
  let changed = 0;
  const n = clean.width * clean.height;
  for (let i = 0; i < n; i++) {
    const j = 3 * i;
    if (clean.data[j] !== perturbed.data[j] || clean.data[j + 1] !== perturbed.data[j + 1] || clean.data[j + 2] !== perturbed.data[j + 2]) changed++;
  }
  return changed / n;
}

/** Mean over pixels of |S' − S| (HSV saturation). */
export function saturationChange(clean: RgbImage, perturbed: RgbImage): number {
  const sat = (d: Uint8Array, j: number): number => {
    const max = Math.max(d[j]!, d[j + 1]!, d[j + 2]!);
    return max === 0 ? 0 : (max - Math.min(d[j]!, d[j + 1]!, d[j + 2]!)) / max;
  };
  let s = 0;
  const n = clean.width * clean.height;
  for (let i = 0; i < n; i++) s += Math.abs(sat(perturbed.data, 3 * i) - sat(clean.data, 3 * i));
  return s / n;
}
