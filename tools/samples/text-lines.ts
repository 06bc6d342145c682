/**
 * Synthetic text-line crops like those PaddleOCR's orientation classifier sees: one printed line, cropped tight
 * around the text with small margins, dark ink on a light background, then scaled to a fixed crop size.
 */
import sharp from 'sharp';
import type { RgbImage } from '../../main/engine/images/index.js';
import { compositeInk, inkColour, paintBackground, paperColour } from './paint.js';
import type { SeededRandom } from './random.js';
import { inkBox, renderLine, type FontFace, type LineMask } from './text-mask.js';
import { token } from './vocabulary.js';

export const LINE_WIDTH = 320;
export const LINE_HEIGHT = 48;
/**
 * Lines are drawn at a multiple of the final height, then scaled to it: below 1 the glyphs come out soft, as
 * small print does once a detector's crop is enlarged to 48 px; above 1 they come out crisp.
 */
const RENDER_SCALES = [0.5, 0.7, 1, 1.5, 2, 2];

const FAMILIES = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono', 'DejaVu Sans Condensed', 'Liberation Sans', 'Liberation Serif'];

export interface TextLine {
  text: string;
  face: FontFace;
  image: RgbImage;
}

function pickFace(rng: SeededRandom): FontFace {
  return {
    family: rng.pick(FAMILIES),
    weight: rng.chance(0.35) ? 'bold' : 'normal',
    style: rng.chance(0.12) ? 'italic' : 'normal',
  };
}

/** Cap top and descender bottom of a face, relative to the baseline, in em (measured once per face). */
const metricsCache = new Map<string, { above: number; below: number }>();
async function faceMetrics(face: FontFace): Promise<{ above: number; below: number }> {
  const key = `${face.family}|${face.weight}|${face.style}`;
  const cached = metricsCache.get(key);
  if (cached) return cached;
  const size = 100;
  const mask = await renderLine('HÅbdfhklgjpqy', face, size);
  const box = inkBox(mask);
  if (!box) throw new Error(`font ${key} renders nothing`);
  const metrics = { above: (mask.baseline - box.top) / size, below: (box.bottom - mask.baseline) / size };
  metricsCache.set(key, metrics);
  return metrics;
}

/** Renders one line of text whose natural aspect ratio is close to the crop's, so scaling barely distorts it. */
export async function renderTextLine(rng: SeededRandom): Promise<TextLine> {
  const face = pickFace(rng);
  const metrics = await faceMetrics(face);
  const outH = Math.round(LINE_HEIGHT * rng.pick(RENDER_SCALES));
  const marginTop = rng.range(0.04, 0.2);
  const marginBottom = rng.range(0.04, 0.2);
  const lineEm = metrics.above + metrics.below;
  const size = outH / (lineEm * (1 + marginTop + marginBottom));
  const marginX = size * rng.range(0.1, 0.5);
  const angle = rng.chance(0.5) ? rng.range(-1.2, 1.2) : 0;
  // Aim at the crop's aspect ratio give or take 15%: add words until the ink is wide enough.
  const targetInkWidth = (LINE_WIDTH / LINE_HEIGHT) * outH * rng.range(0.85, 1.15) - 2 * marginX;

  const tokens = [token(rng)];
  let mask: LineMask = await renderLine(tokens.join(' '), face, size, angle);
  let box = inkBox(mask);
  for (let guard = 0; guard < 40 && box && box.right - box.left < targetInkWidth * 0.92; guard++) {
    const next = token(rng);
    const candidate = await renderLine([...tokens, next].join(' '), face, size, angle);
    const cbox = inkBox(candidate);
    if (!cbox) continue;
    // Stop rather than overshoot far past the target with one long token.
    if (cbox.right - cbox.left > targetInkWidth * 1.12 && tokens.length > 1) break;
    tokens.push(next);
    mask = candidate;
    box = cbox;
  }
  if (!box) throw new Error('text line rendered no ink');

  // Vertical extent: the face's cap-to-descender band around the baseline, widened to any ink outside it.
  const bandTop = Math.min(box.top, Math.round(mask.baseline - metrics.above * size));
  const bandBottom = Math.max(box.bottom, Math.round(mask.baseline + metrics.below * size));
  const top = Math.max(0, Math.round(bandTop - marginTop * lineEm * size));
  const bottom = Math.min(mask.height, Math.round(bandBottom + marginBottom * lineEm * size));
  const left = Math.max(0, Math.round(box.left - marginX * rng.range(0.6, 1.4)));
  const right = Math.min(mask.width, Math.round(box.right + marginX * rng.range(0.6, 1.4)));
  const width = right - left;
  const height = bottom - top;

  const paper = paperColour(rng, 175, 252);
  const ink = inkColour(rng, 5, 85);
  const canvas = paintBackground(rng, width, height, paper, {
    gradient: rng.range(0, 24),
    texture: rng.range(0, 8),
    grain: 0,
    textureCells: 4,
  });
  const crop = { data: new Uint8Array(width * height), width, height };
  for (let y = 0; y < height; y++) {
    crop.data.set(mask.data.subarray((top + y) * mask.width + left, (top + y) * mask.width + right), y * width);
  }
  compositeInk(canvas, crop, 0, 0, ink, rng.range(0.85, 1));

  const enlarging = height < LINE_HEIGHT;
  let pipeline = sharp(canvas.data, { raw: { width, height, channels: 3 } }).resize(LINE_WIDTH, LINE_HEIGHT, {
    fit: 'fill',
    kernel: enlarging ? 'cubic' : 'lanczos3',
  });
  if (!enlarging && rng.chance(0.3)) pipeline = pipeline.blur(rng.range(0.35, 0.7));
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  return { text: tokens.join(' '), face, image };
}
