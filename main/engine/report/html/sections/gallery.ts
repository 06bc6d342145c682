/** The images on which the models disagree most, as thumbnails next to both models' top-k (a detector's: both models' boxes). */
import type { PerImageResult } from '../../../../../shared/report/report.js';
import { imageMaxAbs } from '../../../../../shared/report/metrics.js';
import { top1Agrees } from '../../../../../shared/charts/index.js';
import { thumbnailOf } from '../assets.js';
import { formatError } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { topKList } from './topk-list.js';
import { detectionOf } from '../../../../../shared/report/detection-overlay.js';
import { detectionBoxesSvg, detectionLegend } from './detection-boxes.js';

export const GALLERY_SIZE = 12;

/** Images ranked by disagreement, largest first; ties keep path order so the ranking is stable. */
export function rankByDisagreement(rows: readonly PerImageResult[]): PerImageResult[] {
  return [...rows].sort((a, b) => b.disagreement - a.disagreement || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function shot(ctx: ReportContext, row: PerImageResult, rank: number): SafeHtml {
  const uri = thumbnailOf(ctx.assets, row.path);
  const differs = top1Agrees(row) === false;
  const hasTopK = row.reference.topK.length > 0 || row.candidate.topK.length > 0;
  const maxAbs = imageMaxAbs(row.outputs);
  const detection = detectionOf(row.outputs);
  return html`<article class="shot${differs ? ' differs' : ''}" data-path="${row.path}">
  <div class="caption"><span class="path">${row.path}</span><span class="rank">#${rank}</span></div>
  <div class="thumb${uri ? '' : ' missing'}">${uri ? picture(ctx, row, uri) : 'no thumbnail'}</div>
  ${detection ? detectionLegend(detection) : null}
  <div class="small muted">disagreement <strong>${formatError(row.disagreement)}</strong>${detection ? null : html` · max |Δ| ${formatError(maxAbs)}`}${row.label !== null ? html` · label <strong>${row.label}</strong>` : null}${differs ? html` · <span class="bad">top-1 differs</span>` : null}</div>
  ${hasTopK ? html`<div class="topk-pair">${topKList('reference', row.reference.topK, { classes: ctx.classes, label: row.label, correct: row.referenceCorrect })}${topKList('candidate', row.candidate.topK, { classes: ctx.classes, label: row.label, correct: row.candidateCorrect })}</div>` : null}
</article>`;
}

/** The thumbnail, with both models' boxes drawn on it for a detector. */
function picture(ctx: ReportContext, row: PerImageResult, uri: string): SafeHtml {
  const detection = detectionOf(row.outputs);
  if (!detection) return html`<img src="${uri}" alt="${row.path}">`;
  const size = { width: ctx.report.preprocess.width, height: ctx.report.preprocess.height };
  return detectionBoxesSvg(uri, detection, size, ctx.report.postprocess?.classes ?? null, row.path);
}

/** Gallery section of the most disagreeing images. */
export function renderGallery(ctx: ReportContext): RenderedSection | null {
  const ranked = rankByDisagreement(ctx.report.perImage);
  if (ranked.length === 0) return null;
  const shown = ranked.filter((r) => r.disagreement > 0).slice(0, GALLERY_SIZE);
  const body =
    shown.length === 0
      ? html`<p class="panel">Both models produced identical outputs on every image.</p>`
      : html`<div class="gallery">${shown.map((r, i) => shot(ctx, r, i + 1))}</div>`;
  const differing = ranked.filter((r) => top1Agrees(r) === false).length;
  return sectionHtml('gallery', 'Largest disagreements', body, {
    page: true,
    note: `${shown.length} of ${ranked.length} images, most disagreeing first${differing > 0 ? `; ${differing} with a different top-1` : ''}`,
  });
}
