/** An image the model saw with both models' boxes drawn on it (SVG), and a one-line legend of what the marks mean. */
import type { DetectionMetrics } from '../../../../../shared/report/detection.js';
import { detectionOverlay, MAX_LABELLED_BOXES } from '../../../../../shared/report/detection-overlay.js';
import { formatRate } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';

/** The thumbnail `uri` (the model's input, width × height) with the boxes of both models over it. */
export function detectionBoxesSvg(uri: string, d: DetectionMetrics, size: { width: number; height: number }, classes: readonly string[] | null, alt: string): SafeHtml {
  const { width, height } = size;
  const font = Math.max(6, Math.round(Math.min(width, height) / 22));
  // On a crowded thumbnail the labels would hide the image: they stay in each box's tooltip.
  const labelled = d.referenceCount + d.candidateCount <= MAX_LABELLED_BOXES;
  const shapes = detectionOverlay(d, classes).map((b) => {
    const cls = `box ${b.role}${b.matched ? '' : ' unmatched'}`;
    // The reference's label above its box, the candidate's below, so that a matched pair's labels do not overlap.
    const bottom = b.y + b.height;
    const textY = b.role === 'reference' ? (b.y >= font ? b.y - font * 0.25 : b.y + font) : bottom + font <= height ? bottom + font * 0.9 : bottom - font * 0.25;
    return html`<g class="${cls}"><title>${b.title}</title><rect x="${b.x.toFixed(1)}" y="${b.y.toFixed(1)}" width="${b.width.toFixed(1)}" height="${b.height.toFixed(1)}" vector-effect="non-scaling-stroke"></rect>${labelled ? html`<text x="${b.x.toFixed(1)}" y="${textY.toFixed(1)}" font-size="${font}">${b.label}</text>` : null}</g>`;
  });
  return html`<svg class="detections" viewBox="0 0 ${width} ${height}" role="img" aria-label="${alt}: ${d.referenceCount} reference and ${d.candidateCount} candidate boxes"><image href="${uri}" x="0" y="0" width="${width}" height="${height}" preserveAspectRatio="none"></image>${shapes}</svg>`;
}

/** "reference 5 · candidate 3 · 3 matched, IoU 98.2% · dashed = no match". */
export function detectionLegend(d: DetectionMetrics): SafeHtml {
  return html`<div class="small muted box-legend"><span class="swatch reference"></span>reference ${d.referenceCount} · <span class="swatch candidate"></span>candidate ${d.candidateCount} · ${d.matched} matched${d.matchedIou !== null ? html`, IoU <strong>${formatRate(d.matchedIou)}</strong>` : null}${d.reference.some((b) => b.match === null) || d.candidate.some((b) => b.match === null) ? ' · dashed = no match' : null}</div>`;
}
