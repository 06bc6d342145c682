/**
 * Synthetic document pages for the text detector: a title, headings, wrapped paragraphs in several sizes and
 * faces, price lists and a footer, dark ink on light paper, some pages with a faint paper texture.
 */
import type { RgbImage } from '../../main/engine/images/index.js';
import { compositeInk, inkColour, paintBackground, paperColour } from './paint.js';
import type { SeededRandom } from './random.js';
import { renderParagraph } from './text-mask.js';
import { numberToken, paragraph, sentence, title } from './vocabulary.js';

export const PAGE_SIZE = 640;

const BODY_FAMILIES = ['DejaVu Serif', 'DejaVu Sans', 'Liberation Serif', 'Liberation Sans', 'DejaVu Sans Condensed'];
const HEADING_FAMILIES = ['DejaVu Sans Bold', 'DejaVu Serif Bold', 'Liberation Sans Bold', 'DejaVu Sans Condensed Bold'];

type Block = 'paragraph' | 'heading' | 'list' | 'quote';

/** Pango's masks come cropped to the text, so alignment on the page is done here. */
function alignX(align: 'left' | 'centre' | 'right', margin: number, width: number): number {
  const room = PAGE_SIZE - 2 * margin - width;
  return margin + (align === 'left' ? 0 : align === 'centre' ? Math.floor(room / 2) : room);
}

/** Renders one page; every draw comes from `rng`, so a seed fixes the page. */
export async function renderDocument(rng: SeededRandom): Promise<RgbImage> {
  const textured = rng.chance(0.5);
  const page = paintBackground(rng, PAGE_SIZE, PAGE_SIZE, paperColour(rng, 228, 252), {
    gradient: rng.range(0, 14),
    texture: textured ? rng.range(4, 9) : 0,
    grain: 0,
    textureCells: textured ? rng.int(6, 14) : 2,
  });
  const ink = inkColour(rng, 10, 60);
  const margin = rng.int(28, 56);
  const columns = rng.chance(0.3) ? 2 : 1;
  const gutter = 24;
  const columnWidth = Math.floor((PAGE_SIZE - 2 * margin - (columns - 1) * gutter) / columns);
  const bodyFamily = rng.pick(BODY_FAMILIES);
  const bodySize = rng.int(11, 17);

  let y = margin;
  const heading = await renderParagraph(title(rng), `${rng.pick(HEADING_FAMILIES)} ${rng.int(20, 32)}`, PAGE_SIZE - 2 * margin);
  compositeInk(page, heading, alignX(rng.chance(0.3) ? 'centre' : 'left', margin, heading.width), y, ink);
  y += heading.height + rng.int(10, 20);
  if (rng.chance(0.6)) {
    const sub = await renderParagraph(
      `${sentence(rng, rng.int(4, 9))}  ${numberToken(rng)}`,
      `${bodyFamily} Italic ${rng.int(11, 15)}`,
      PAGE_SIZE - 2 * margin,
    );
    compositeInk(page, sub, margin, y, ink, 0.85);
    y += sub.height + rng.int(12, 22);
  }

  const top = y;
  for (let column = 0; column < columns; column++) {
    const x = margin + column * (columnWidth + gutter);
    y = top;
    for (let guard = 0; guard < 30; guard++) {
      const kind: Block = rng.pick(['paragraph', 'paragraph', 'paragraph', 'heading', 'list', 'quote']);
      let mask;
      let indent = 0;
      if (kind === 'heading') {
        mask = await renderParagraph(title(rng), `${rng.pick(HEADING_FAMILIES)} ${bodySize + rng.int(2, 6)}`, columnWidth);
      } else if (kind === 'list') {
        const lines: string[] = [];
        for (let i = rng.int(2, 5); i > 0; i--) lines.push(`•  ${sentence(rng, rng.int(2, 5)).replace(/\.$/, '')}    ${numberToken(rng)}`);
        mask = await renderParagraph(lines.join('\n'), `${bodyFamily} ${bodySize}`, columnWidth - 12, { lineSpacing: Math.round(bodySize * 0.5) });
        indent = 12;
      } else if (kind === 'quote') {
        indent = 24;
        mask = await renderParagraph(paragraph(rng, rng.int(1, 2)), `${bodyFamily} Italic ${bodySize - 1}`, columnWidth - 2 * indent);
      } else {
        mask = await renderParagraph(paragraph(rng, rng.int(2, 5)), `${bodyFamily} ${bodySize + rng.int(-1, 1)}`, columnWidth, {
          justify: rng.chance(0.4),
          lineSpacing: rng.int(1, Math.round(bodySize * 0.6)),
        });
      }
      // Stop before the footer area; a block that does not fit ends the column.
      if (y + mask.height > PAGE_SIZE - margin - 24) break;
      compositeInk(page, mask, x + indent, y, ink, kind === 'quote' ? 0.8 : 1);
      y += mask.height + rng.int(Math.round(bodySize * 0.6), Math.round(bodySize * 1.6));
    }
  }

  const footerText = `${title(rng)}  ·  ${numberToken(rng)}  ·  page ${rng.int(1, 40)}`;
  const footer = await renderParagraph(footerText, `${bodyFamily} 10`, PAGE_SIZE - 2 * margin);
  const footerX = alignX(rng.pick(['left', 'centre', 'right'] as const), margin, footer.width);
  compositeInk(page, footer, footerX, PAGE_SIZE - margin - footer.height + 8, ink, 0.75);
  return page;
}
