/** The report's header: title, the two models compared, and the verdict in words. */
import type { ParityReport } from '../../../../../shared/report/report.js';
import { textAgrees, top1Agrees } from '../../../../../shared/charts/index.js';
import { formatCount, formatError, formatPercent, formatPointsDelta } from '../../../../../shared/report/format.js';
import { formatMetric } from '../../../../../shared/report/metric-meaning.js';
import { agreementMetric, kindOfAgreement, valueOfSummary } from '../../../../../shared/report/output-kinds.js';
import { html, type SafeHtml } from '../html.js';
import { criterionOutcomes } from './gate-criteria.js';

/** The file name of a path written with / or \ separators. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** A readable UTC timestamp, or the string as stored when it is not a date. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One sentence on how closely the candidate follows the reference, from the figures that apply. */
export function agreementSentence(report: ParityReport): string {
  const s = report.summary.clean;
  const n = `${formatCount(s.images)} image${s.images === 1 ? '' : 's'}`;
  const parts: string[] = [];
  const key = agreementMetric([s]);
  const agrees = key === 'top1Agreement' ? top1Agrees : key === 'sequenceExactMatch' ? textAgrees : null;
  const differ = agrees ? report.perImage.filter((r) => agrees(r) === false).length : 0;
  parts.push(kindOfAgreement(key).agreementSentence(formatMetric(key, valueOfSummary(s, key)), n) + (differ > 0 ? ` (${formatCount(differ)} differ)` : ''));
  if (s.accuracy) {
    parts.push(
      `accuracy is ${formatPercent(s.accuracy.candidate)} against the reference's ${formatPercent(s.accuracy.reference)} (${formatPointsDelta(s.accuracy.delta)})`,
    );
  }
  parts.push(`the largest element-wise difference is ${formatError(s.maxAbsDiff)}`);
  return `${parts.join('; ')}.`;
}

/** Title block plus the verdict banner. */
export function renderHeader(report: ParityReport): SafeHtml {
  const { reference, candidate } = report.models;
  const outcomes = criterionOutcomes(report);
  const unmet = outcomes.filter((o) => !o.met).length;
  const state = outcomes.length === 0 ? 'none' : report.gate.passed ? 'pass' : 'fail';
  const badge = state === 'none' ? 'No gate' : state === 'pass' ? 'Passed' : 'Failed';
  const gateWords =
    state === 'none'
      ? 'No release gate was set, so nothing was enforced: the figures below are for review.'
      : state === 'pass'
        ? `Release gate passed: ${outcomes.length === 1 ? 'the criterion was' : `all ${outcomes.length} criteria were`} met.`
        : `Release gate failed: ${unmet} of ${outcomes.length} criteri${outcomes.length === 1 ? 'on was' : 'a were'} not met.`;
  const warnings: string[] = [];
  const skipped = report.images.skipped.length;
  if (skipped > 0) warnings.push(`${skipped} image${skipped === 1 ? ' was' : 's were'} skipped and not compared (see Skipped images).`);
  const nonFinite = report.summary.clean.nanCount + report.summary.clean.infCount;
  if (nonFinite > 0) warnings.push(`${formatCount(nonFinite)} NaN/Inf values appeared in the outputs.`);
  if (report.gate.failures.length > 0 && outcomes.length === 0) warnings.push(...report.gate.failures.map((f) => f.message));

  return html`<header class="report-header">
  <div>
    <div class="brand">Parity report</div>
    <h1 class="break">${baseName(reference.path)} <span class="muted">vs</span> ${baseName(candidate.path)}</h1>
    <div class="subtitle">Candidate compared with the reference on ${formatCount(report.summary.clean.images)} image${report.summary.clean.images === 1 ? '' : 's'} from <span class="mono break">${report.images.root}</span></div>
  </div>
  <div class="meta">${formatTimestamp(report.createdAt)}<br>parity ${report.tool.version}</div>
</header>
<div class="verdict ${state}" role="status">
  <div class="badge-lg">${badge}</div>
  <div class="headline">${gateWords}</div>
  <div>
    <p>${agreementSentence(report)}</p>
    ${outcomes.length > 0 ? html`<ul class="criteria">${outcomes.map((o) => html`<li class="criterion ${o.met ? 'met' : 'unmet'}">${o.sentence}</li>`)}</ul>` : null}
    ${warnings.length > 0 ? html`<ul class="warnings">${warnings.map((w) => html`<li>${w}</li>`)}</ul>` : null}
  </div>
</div>`;
}
