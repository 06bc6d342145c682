/**
 * One image of a drift folder, decoded once: the file's own facts (size after EXIF orientation, JPEG quality from
 * its quantisation tables) from its header, and its pixels fitted to the analysis geometry — the model's input when
 * there is a model (the statistics then describe what the model sees), else the longer side scaled to a fixed size.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ParityError } from '../../../shared/errors.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { decodeFitted, type Geometry, type ImageEntry, type RgbImage } from '../images/index.js';
import { estimateJpegQuality } from './jpeg-quality.js';

/** Where the statistics are measured: the model's input geometry, or the longer side at `side` pixels. */
export type AnalysisGeometry = { kind: 'model'; spec: PreprocessSpec } | { kind: 'side'; side: number };

export interface AnalysisImage {
  entry: ImageEntry;
  image: RgbImage;
  /** Width and height of the file after EXIF orientation. */
  fileWidth: number;
  fileHeight: number;
  /** Estimated JPEG quality; 100 for lossless formats. */
  jpegQuality: number;
  decodeMs: number;
}

export type AnalysisOutcome = { ok: true; value: AnalysisImage } | { ok: false; entry: ImageEntry; reason: string };

/** The words the report uses for the analysis geometry. */
export function describeAnalysis(geometry: AnalysisGeometry): string {
  return geometry.kind === 'model'
    ? `the model's input: ${geometry.spec.width}×${geometry.spec.height} (${geometry.spec.resize})`
    : `each image resized so that its longer side is ${geometry.side} pixels (aspect ratio kept)`;
}

function geometryFor(geometry: AnalysisGeometry, width: number, height: number): Geometry {
  if (geometry.kind === 'model') return geometry.spec;
  const scale = geometry.side / Math.max(width, height);
  return { resize: 'stretch', width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Reads, measures the file and decodes one image; failures come back as a skip reason, never thrown. */
export async function readAnalysisImage(entry: ImageEntry, geometry: AnalysisGeometry): Promise<AnalysisOutcome> {
  const started = performance.now();
  try {
    const bytes = await readFile(entry.absPath);
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) return { ok: false, entry, reason: 'has no readable dimensions in its header' };
    const swapped = (meta.orientation ?? 1) >= 5;
    const fileWidth = swapped ? meta.height : meta.width;
    const fileHeight = swapped ? meta.width : meta.height;
    const jpegQuality = meta.format === 'jpeg' ? (estimateJpegQuality(bytes) ?? 100) : 100;
    const image = await decodeFitted(bytes, geometryFor(geometry, fileWidth, fileHeight));
    return { ok: true, value: { entry, image, fileWidth, fileHeight, jpegQuality, decodeMs: performance.now() - started } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = error instanceof ParityError ? message.replace(/^The image /, '') : `could not be decoded: ${message.split('\n')[0]}`;
    return { ok: false, entry, reason };
  }
}

/** Images read a few ahead of the consumer, so decoding overlaps the statistics and the model. */
export async function* streamAnalysisImages(entries: readonly ImageEntry[], geometry: AnalysisGeometry, ahead = 4): AsyncGenerator<AnalysisOutcome> {
  const queue: Array<Promise<AnalysisOutcome>> = [];
  let next = 0;
  const fill = (): void => {
    while (next < entries.length && queue.length < ahead) queue.push(readAnalysisImage(entries[next++]!, geometry));
  };
  fill();
  while (queue.length > 0) {
    const item = await queue.shift()!;
    fill();
    yield item;
  }
}
