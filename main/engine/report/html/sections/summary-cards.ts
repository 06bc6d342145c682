/** Headline figures as cards; only those that apply to the model's outputs, each with its gate status. */
import { top1Agrees } from '../../../../../shared/charts/index.js';
import { formatCount, formatError, formatPercent, formatPointsDelta, formatDecibels } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { criterionBadge, criterionOutcomes, type CriterionOutcome } from './gate-criteria.js';

interface Card {
  label: string;
  value: string;
  detail?: string;
  /** Gate metrics shown on this card. */
  metrics: readonly string[];
}

function cardHtml(card: Card, outcomes: readonly CriterionOutcome[]): SafeHtml {
  const mine = outcomes.filter((o) => card.metrics.some((m) => m.toLowerCase() === o.criterion.metric.toLowerCase()));
  const state = mine.length === 0 ? '' : mine.every((o) => o.met) ? ' met' : ' unmet';
  return html`<div class="card${state}" data-metric="${card.metrics[0] ?? ''}">
  <div class="label">${card.label}</div>
  <div class="value">${card.value}</div>
  ${card.detail ? html`<div class="detail">${card.detail}</div>` : null}
  ${mine.map((o) => html`<div class="gate">${criterionBadge(o)}</div>`)}
</div>`;
}

/** The summary cards section. */
export function renderSummaryCards(ctx: ReportContext): RenderedSection {
  const { report } = ctx;
  const s = report.summary.clean;
  const cards: Card[] = [];
  const skipped = report.images.skipped.length;
  cards.push({
    label: 'Images compared',
    value: formatCount(s.images),
    detail: skipped > 0 ? `${formatCount(skipped)} skipped` : 'none skipped',
    metrics: ['images'],
  });
  if (s.top1Agreement !== null) {
    const differ = report.perImage.filter((r) => top1Agrees(r) === false).length;
    cards.push({
      label: 'Top-1 agreement',
      value: formatPercent(s.top1Agreement),
      detail: `${formatCount(differ)} image${differ === 1 ? '' : 's'} with a different top-1`,
      metrics: ['top1Agreement'],
    });
  }
  if (s.top5Overlap !== null) {
    cards.push({ label: 'Top-5 overlap', value: formatPercent(s.top5Overlap), detail: 'shared classes in both top-5', metrics: ['top5Overlap'] });
  }
  if (s.accuracy) {
    cards.push({ label: 'Reference accuracy', value: formatPercent(s.accuracy.reference), detail: 'against the labels', metrics: [] });
    cards.push({
      label: 'Candidate accuracy',
      value: formatPercent(s.accuracy.candidate),
      detail: `${formatPointsDelta(s.accuracy.delta)} vs reference`,
      metrics: ['accuracy', 'accuracyDelta'],
    });
  }
  if (s.iou !== null) cards.push({ label: 'Mean IoU', value: formatPercent(s.iou), detail: 'dense output, thresholded', metrics: ['iou'] });
  if (s.dice !== null) cards.push({ label: 'Mean Dice', value: formatPercent(s.dice), metrics: ['dice'] });
  if (s.iou !== null || s.psnr !== null) cards.push({ label: 'PSNR', value: formatDecibels(s.psnr), metrics: ['psnr'] });
  cards.push({
    label: 'Max |Δ|',
    value: formatError(s.maxAbsDiff),
    detail: `p99 ${formatError(s.errorP99)} · mean ${formatError(s.meanAbsDiff)}`,
    metrics: ['maxAbsDiff', 'errorP99', 'meanAbsDiff'],
  });
  const tol = report.options.defaultTolerance;
  cards.push({
    label: 'Allclose rate',
    value: formatPercent(s.allcloseRate),
    detail: `atol ${formatError(tol.atol)} · rtol ${formatError(tol.rtol)}`,
    metrics: ['allcloseRate'],
  });
  if (s.nanCount + s.infCount > 0) {
    cards.push({ label: 'NaN / Inf', value: `${formatCount(s.nanCount)} / ${formatCount(s.infCount)}`, detail: 'non-finite output values', metrics: ['nanCount', 'infCount'] });
  }
  const outcomes = criterionOutcomes(report);
  return sectionHtml('summary', 'Summary', html`<div class="cards">${cards.map((c) => cardHtml(c, outcomes))}</div>`);
}
