/** Headline figures as cards; only those that apply to the model's outputs, each with its gate status. */
import { textAgrees, top1Agrees } from '../../../../../shared/charts/index.js';
import { capitalized, formatCount, formatError, formatPercent, formatPointsDelta } from '../../../../../shared/report/format.js';
import { formatMetric, METRICS, type SummaryMetricKey } from '../../../../../shared/report/metric-meaning.js';
import { valueOfSummary } from '../../../../../shared/report/output-kinds.js';
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

/** A card showing one summary metric under its own label, with the gate criteria on `metrics`. */
function metricCard(report: ReportContext['report'], key: SummaryMetricKey, detail?: string, metrics: readonly string[] = [key]): Card {
  return {
    label: capitalized(METRICS[key].label),
    value: formatMetric(key, valueOfSummary(report.summary.clean, key)),
    ...(detail !== undefined ? { detail } : {}),
    metrics,
  };
}

/** The summary cards section. */
export function renderSummaryCards(ctx: ReportContext): RenderedSection {
  const { report } = ctx;
  const s = report.summary.clean;
  const cards: Card[] = [];
  const skipped = report.images.skipped.length;
  cards.push(metricCard(report, 'images', skipped > 0 ? `${formatCount(skipped)} skipped` : 'none skipped'));
  if (s.sequenceExactMatch !== null) {
    const differ = report.perImage.filter((r) => textAgrees(r) === false).length;
    cards.push(metricCard(report, 'sequenceExactMatch', `${formatCount(differ)} image${differ === 1 ? '' : 's'} read differently`));
    cards.push(metricCard(report, 'characterErrorRate', 'edits ÷ the reference’s characters'));
    cards.push(metricCard(report, 'positionAgreement', 'same class at each time step'));
  }
  if (s.top1Agreement !== null) {
    const differ = report.perImage.filter((r) => top1Agrees(r) === false).length;
    cards.push(metricCard(report, 'top1Agreement', `${formatCount(differ)} image${differ === 1 ? '' : 's'} with a different top-1`));
  }
  if (s.top5Overlap !== null) cards.push(metricCard(report, 'top5Overlap', 'shared classes in both top-5'));
  if (s.accuracy) {
    cards.push({ label: 'Reference accuracy', value: formatPercent(s.accuracy.reference), detail: 'against the labels', metrics: [] });
    cards.push(metricCard(report, 'accuracy', `${formatPointsDelta(s.accuracy.delta)} vs reference`, ['accuracy', 'accuracyDelta']));
  }
  if (s.iou !== null) cards.push(metricCard(report, 'iou', 'dense output, thresholded'));
  if (s.dice !== null) cards.push(metricCard(report, 'dice'));
  if (s.iou !== null || s.psnr !== null) cards.push(metricCard(report, 'psnr'));
  cards.push(metricCard(report, 'maxAbsDiff', `p99 ${formatError(s.errorP99)} · mean ${formatError(s.meanAbsDiff)}`, ['maxAbsDiff', 'errorP99', 'meanAbsDiff']));
  const tol = report.options.defaultTolerance;
  cards.push(metricCard(report, 'allcloseRate', `atol ${formatError(tol.atol)} · rtol ${formatError(tol.rtol)}`));
  if (s.nanCount + s.infCount > 0) {
    cards.push({ label: 'NaN / Inf', value: `${formatCount(s.nanCount)} / ${formatCount(s.infCount)}`, detail: 'non-finite output values', metrics: ['nanCount', 'infCount'] });
  }
  const outcomes = criterionOutcomes(report);
  return sectionHtml('summary', 'Summary', html`<div class="cards">${cards.map((c) => cardHtml(c, outcomes))}</div>`);
}
