/** The two models side by side (path, size, hash, I/O) and the machine the numbers were measured on. */
import type { ModelSummary } from '../../../../../shared/report/report.js';
import type { TensorSignature } from '../../../../../shared/model-info.js';
import type { ModelRole } from '../../../../../shared/charts/index.js';
import { formatBytes, formatShape, shortHash } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { baseName } from './header.js';
import { protocolTitle, sizeRatio } from '../../../../../shared/report/model-source.js';

function signatures(list: readonly TensorSignature[]): SafeHtml {
  if (list.length === 0) return html`<span class="muted">none</span>`;
  return html`${list.map(
    (t, i) => html`${i > 0 ? html`<br>` : null}<code>${t.name}</code> <span class="muted">${t.dtype} ${formatShape(t.shape)}</span>`,
  )}`;
}

/** What a side that is not a model file was: saved outputs, or a served model (protocol, server, wire, renames). */
function source(model: ModelSummary): SafeHtml | null {
  const origin = model.source;
  if (!origin || origin.kind === 'onnx') return null;
  if (origin.kind === 'outputs') {
    const dtypes = Object.entries(origin.dtypes).map(([name, dtype]) => `${name}: ${dtype}`).join(', ');
    return html`<dt>Source</dt><dd>outputs saved by another framework (${origin.layout === 'archive' ? 'one .npz archive' : 'a file per image'}; ${dtypes})</dd>`;
  }
  const renamed = origin.renamed.map((r) => `${r.kind} ${r.served} → ${r.pair}`).join(', ');
  return html`<dt>Source</dt><dd>${protocolTitle(origin.protocol)} endpoint, model <code>${origin.model}</code>${origin.version ? ` version ${origin.version}` : ''}${origin.server ? html` on ${origin.server}` : null}</dd>
    <dt>Requests</dt><dd>${origin.wire}${origin.metadata ? '' : ' · no metadata endpoint: outputs named after the other side'}${renamed ? html`<br><span class="muted">renamed: ${renamed}</span>` : null}</dd>`;
}

function modelPanel(role: ModelRole, model: ModelSummary): SafeHtml {
  return html`<div class="model ${role}">
  <h3><span class="role-dot ${role}"></span>${role === 'reference' ? 'Reference' : 'Candidate'}</h3>
  <div class="file">${baseName(model.path)}</div>
  <dl class="kv">
    <dt>Path</dt><dd class="mono">${model.path}</dd>
    ${source(model)}
    ${model.sizeBytes !== null ? html`<dt>Size</dt><dd>${formatBytes(model.sizeBytes)}</dd>` : null}
    ${model.sha256 !== null ? html`<dt>SHA-256</dt><dd><code title="${model.sha256}">${shortHash(model.sha256)}</code></dd>` : null}
    <dt>Inputs</dt><dd>${signatures(model.inputs)}</dd>
    <dt>Outputs</dt><dd>${signatures(model.outputs)}</dd>
    ${model.manifest ? html`<dt>Recipe</dt><dd><span class="pill strong">${model.manifest.recipe}</span> <span class="muted small">(see Conversion)</span></dd>` : null}
  </dl>
</div>`;
}

/** Threads as configured; 0 leaves the choice to onnxruntime. */
export function threadsText(threads: number): string {
  if (threads <= 0) return 'inference threads chosen by onnxruntime';
  return `${threads} inference thread${threads === 1 ? '' : 's'}`;
}

/** Models and environment section. */
export function renderModels(ctx: ReportContext): RenderedSection {
  const { report } = ctx;
  const env = report.environment;
  const { reference, candidate } = report.models;
  const ratio = sizeRatio(reference.sizeBytes, candidate.sizeBytes);
  const body = html`<div class="models">${modelPanel('reference', reference)}${modelPanel('candidate', candidate)}</div>
<div class="panel env">
  <h3>Environment</h3>
  <dl class="kv">
    <dt>CPU</dt><dd>${env.cpuModel} <span class="muted">· ${env.cores} core${env.cores === 1 ? '' : 's'} · ${threadsText(report.options.threads)}</span></dd>
    <dt>CPU flags</dt><dd>${env.cpuFlags.length > 0 ? html`<span class="pills">${env.cpuFlags.map((f) => html`<span class="pill">${f}</span>`)}</span>` : html`<span class="muted">none of avx2, fma, avx512, vnni, amx, f16c</span>`}</dd>
    <dt>OS</dt><dd>${env.os}</dd>
    <dt>Runtime</dt><dd>onnxruntime-node ${env.ortVersion} · Node ${env.nodeVersion} · sharp ${env.sharpVersion}</dd>
  </dl>
</div>`;
  return sectionHtml('models', 'Models and environment', body, {
    note: ratio === null ? undefined : `candidate is ${(ratio * 100).toFixed(1)}% of the reference's size`,
  });
}
