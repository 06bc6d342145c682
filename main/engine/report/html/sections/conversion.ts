/**
 * How the candidate (or reference) was produced, from its conversion manifest (models.<role>.manifest).
 * Owned jointly with the conversion area: extend this as ConversionManifestSchema grows.
 */
import type { ConversionManifest } from '../../../../../shared/report/conversion-manifest.js';
import type { ModelRole } from '../../../../../shared/charts/index.js';
import { formatBytes, formatCount, formatShape, shortHash } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { formatTimestamp } from './header.js';
import { searchPanel } from './search.js';

const MAX_EXCLUDED_SHOWN = 40;

function optionValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

function opChanges(m: ConversionManifest): SafeHtml | null {
  const ops = [...new Set([...Object.keys(m.opsBefore), ...Object.keys(m.opsAfter)])]
    .map((op) => ({ op, before: m.opsBefore[op] ?? 0, after: m.opsAfter[op] ?? 0 }))
    .filter((o) => o.before !== o.after)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.op.localeCompare(b.op));
  if (ops.length === 0) return html`<p class="muted small">No operator counts changed.</p>`;
  return html`<table class="compact">
<thead><tr><th>Operator</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr></thead>
<tbody>${ops.map(
    (o) => html`<tr><td><code>${o.op}</code></td><td class="num">${formatCount(o.before)}</td><td class="num">${formatCount(o.after)}</td><td class="num">${o.after > o.before ? '+' : '−'}${formatCount(Math.abs(o.after - o.before))}</td></tr>`,
  )}</tbody></table>`;
}

function ioChanges(m: ConversionManifest): SafeHtml | null {
  const pairs = [...m.ioMapping.inputs, ...m.ioMapping.outputs].filter(
    (p) => p.source.dtype !== p.output.dtype || p.source.name !== p.output.name || formatShape(p.source.shape) !== formatShape(p.output.shape),
  );
  if (pairs.length === 0) return null;
  return html`<dt>I/O changes</dt><dd>${pairs.map(
    (p, i) => html`${i > 0 ? html`<br>` : null}<code>${p.source.name}</code> ${p.source.dtype} ${formatShape(p.source.shape)} → <code>${p.output.name}</code> ${p.output.dtype} ${formatShape(p.output.shape)}`,
  )}</dd>`;
}

/** The calibration files that could not be used, by name with the reason (the manifest keeps the first 200). */
function calibrationSkipped(m: ConversionManifest): SafeHtml | null {
  const files = m.calibration?.skippedFiles ?? [];
  if (files.length === 0) return null;
  const total = m.calibration?.skipped ?? files.length;
  return html`<details class="small"><summary>${formatCount(total)} file${total === 1 ? '' : 's'} skipped</summary><ul>${files.map((f) => html`<li><code class="break">${f.path}</code>: ${f.reason}</li>`)}</ul></details>`;
}

function manifestPanel(role: ModelRole, m: ConversionManifest, envFlags: readonly string[]): SafeHtml {
  const options = Object.entries(m.options);
  const excluded = m.nodes.excluded;
  const flagsDiffer = m.cpuFlags.join(' ') !== [...envFlags].join(' ');
  return html`<div class="panel" style="margin-bottom:12px">
  <h3><span class="role-dot ${role}"></span>${role === 'reference' ? 'Reference' : 'Candidate'} · recipe <span class="pill strong">${m.recipe}</span></h3>
  ${m.notes.length > 0 ? html`<ul class="small">${m.notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
  <div class="models">
    <dl class="kv">
      <dt>Source</dt><dd><span class="mono">${m.source.path}</span><br><span class="muted">${formatBytes(m.source.sizeBytes)} · <code title="${m.source.sha256}">${shortHash(m.source.sha256)}</code></span></dd>
      <dt>Output</dt><dd><span class="mono">${m.output.path}</span><br><span class="muted">${formatBytes(m.output.sizeBytes)} · <code title="${m.output.sha256}">${shortHash(m.output.sha256)}</code></span></dd>
      <dt>Size ratio</dt><dd>${(m.sizeRatio * 100).toFixed(1)}% of the source</dd>
      <dt>Calibration</dt><dd>${m.calibration ? `${m.calibration.method}, ${formatCount(m.calibration.images)} images, seed ${m.calibration.seed}` : 'none'}${calibrationSkipped(m)}</dd>
      <dt>Quantized nodes</dt><dd>${formatCount(m.nodes.quantized.length)}${excluded.length > 0 ? `, ${formatCount(excluded.length)} excluded` : ''}</dd>
      ${ioChanges(m)}
      <dt>Converted</dt><dd>${formatTimestamp(m.createdAt)} · onnxruntime ${m.ortVersion}</dd>
      <dt>CPU flags</dt><dd>${m.cpuFlags.length > 0 ? m.cpuFlags.join(', ') : 'none of note'}${flagsDiffer ? html` <span class="tag bad">differ from this run's CPU</span>` : null}</dd>
      ${options.length > 0 ? html`<dt>Options</dt><dd>${options.map(([k, v], i) => html`${i > 0 ? html`<br>` : null}<code>${k}</code> = <code>${optionValue(v)}</code>`)}</dd>` : null}
    </dl>
    <div>${opChanges(m)}</div>
  </div>
  ${excluded.length > 0 ? html`<details${excluded.length <= 10 ? html` open` : null}><summary class="small">Excluded nodes (${formatCount(excluded.length)})</summary><table class="compact excluded-nodes"><tbody>${excluded
    .slice(0, MAX_EXCLUDED_SHOWN)
    .map((e) => html`<tr><td class="node"><code>${e.name}</code></td><td class="reason">${e.reason}</td></tr>`)}</tbody></table>${
    excluded.length > MAX_EXCLUDED_SHOWN ? html`<p class="muted small">and ${formatCount(excluded.length - MAX_EXCLUDED_SHOWN)} more (see the manifest)</p>` : null
  }</details>` : null}
</div>`;
}

/** Conversion section, or null when neither model carries a manifest. */
export async function renderConversion(ctx: ReportContext): Promise<RenderedSection | null> {
  const { reference, candidate } = ctx.report.models;
  const panels: SafeHtml[] = [];
  if (candidate.manifest) panels.push(manifestPanel('candidate', candidate.manifest, ctx.report.environment.cpuFlags));
  if (candidate.manifest?.search) panels.push(await searchPanel(ctx, candidate.manifest.search));
  if (reference.manifest) panels.push(manifestPanel('reference', reference.manifest, ctx.report.environment.cpuFlags));
  if (panels.length === 0) return null;
  return sectionHtml('conversion', 'Conversion', html`${panels}`);
}
