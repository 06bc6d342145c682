/**
 * Renders text to an 8-bit coverage mask (255 = ink) with the system's fonts through sharp: SVG <text> (librsvg
 * + Pango) for single lines, where the baseline must be known, and Pango's own layout for wrapped paragraphs.
 */
import sharp, { type Sharp } from 'sharp';

export interface FontFace {
  family: string;
  weight: 'normal' | 'bold';
  style: 'normal' | 'italic';
}

export interface Mask {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface InkBox {
  left: number;
  top: number;
  /** exclusive */
  right: number;
  /** exclusive */
  bottom: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function toMask(pipeline: Sharp): Promise<Mask> {
  const { data, info } = await pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** The bounding box of pixels above `threshold`, or null when the mask is empty. */
export function inkBox(mask: Mask, threshold = 24): InkBox | null {
  let left = mask.width;
  let right = -1;
  let top = mask.height;
  let bottom = -1;
  for (let y = 0; y < mask.height; y++) {
    const row = y * mask.width;
    for (let x = 0; x < mask.width; x++) {
      if ((mask.data[row + x] as number) > threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  return right < 0 ? null : { left, top, right: right + 1, bottom: bottom + 1 };
}

export interface LineMask extends Mask {
  /** Row of the baseline. */
  baseline: number;
}

/** One line of text, baseline at a known row, optionally rotated by a small angle (degrees) about its centre. */
export async function renderLine(text: string, face: FontFace, sizePx: number, angle = 0): Promise<LineMask> {
  const pad = Math.ceil(sizePx * 0.6);
  const width = Math.ceil(text.length * sizePx * 0.8 + 2 * pad);
  const height = Math.ceil(sizePx * 1.4 + 2 * pad);
  const baseline = Math.round(pad + sizePx * 1.05);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="black"/>` +
    `<text x="${pad}" y="${baseline}" font-family="${face.family}" font-size="${sizePx}" ` +
    `font-weight="${face.weight}" font-style="${face.style}" fill="white" xml:space="preserve"` +
    (angle !== 0 ? ` transform="rotate(${angle.toFixed(3)} ${width / 2} ${baseline - sizePx * 0.35})"` : '') +
    `>${escapeXml(text)}</text></svg>`;
  const mask = await toMask(sharp(Buffer.from(svg)));
  return { ...mask, baseline };
}

/** A wrapped block of text laid out by Pango (font like "DejaVu Serif Bold 14", size in px at 72 dpi). */
export async function renderParagraph(
  text: string,
  font: string,
  widthPx: number,
  options: { lineSpacing?: number; justify?: boolean } = {},
): Promise<Mask> {
  return toMask(
    sharp({
      text: {
        text: escapeXml(text),
        font,
        dpi: 72,
        width: widthPx,
        wrap: 'word',
        justify: options.justify ?? false,
        spacing: options.lineSpacing ?? 0,
      },
    }),
  );
}
