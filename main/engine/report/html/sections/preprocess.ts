/** How images became tensors, and the options the comparison ran with. */
import { formatCount, formatError } from '../../../../../shared/report/format.js';
import { html } from '../html.js';
import { threadsText } from './models.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

const RESIZE_WORDS = {
  stretch: 'stretched to the input size (aspect ratio not kept)',
  letterbox: 'letterboxed (aspect kept, padded)',
  crop: 'resized then centre-cropped',
} as const;

/** Preprocessing and options section. */
export function renderPreprocess(ctx: ReportContext): RenderedSection {
  const { report } = ctx;
  const p = report.preprocess;
  const o = report.options;
  const triple = (t: readonly number[]): string => `[${t.map((v) => String(Number(v.toPrecision(6)))).join(', ')}]`;
  const body = html`<div class="models">
<div class="panel">
  <h3>Preprocessing</h3>
  <p class="small muted">value = (pixel / ${p.scale} − mean[c]) / std[c], channels ${p.colorOrder}, layout ${p.layout}</p>
  <dl class="kv">
    <dt>Size</dt><dd>${p.width} × ${p.height} px, ${RESIZE_WORDS[p.resize]}</dd>
    ${p.resize === 'letterbox' ? html`<dt>Letterbox</dt><dd>anchored ${p.anchor ?? 'center'}, padded with ${JSON.stringify(p.pad ?? 114)}</dd>` : ''}
    ${p.resize === 'crop' && p.cropFraction !== undefined ? html`<dt>Crop fraction</dt><dd>${p.cropFraction} (resized to ${Math.round(p.width / p.cropFraction)} × ${Math.round(p.height / p.cropFraction)} first)</dd>` : ''}
    ${p.batch !== undefined && p.batch > 1 ? html`<dt>Batch</dt><dd>${p.batch} (fixed by the model; the same image in every slot)</dd>` : ''}
    <dt>Colour order</dt><dd>${p.colorOrder}</dd>
    <dt>Layout</dt><dd>${p.layout}</dd>
    <dt>Scale</dt><dd>÷ ${p.scale}</dd>
    <dt>Mean</dt><dd><code>${triple(p.mean)}</code></dd>
    <dt>Std</dt><dd><code>${triple(p.std)}</code></dd>
    <dt>dtype</dt><dd>${p.dtype}</dd>
  </dl>
</div>
<div class="panel">
  <h3>Run options</h3>
  <dl class="kv">
    <dt>Images folder</dt><dd class="mono">${report.images.root}</dd>
    <dt>Images</dt><dd>${formatCount(report.images.count)} found, ${formatCount(report.images.skipped.length)} skipped</dd>
    <dt>Labels</dt><dd>${report.labels ? html`<span class="mono">${report.labels.path}</span> <span class="muted">(${report.labels.classes.length} classes)</span>` : html`<span class="muted">none: accuracy not measured</span>`}</dd>
    <dt>Default tolerance</dt><dd>atol ${formatError(o.defaultTolerance.atol)}, rtol ${formatError(o.defaultTolerance.rtol)}</dd>
    <dt>Dense threshold</dt><dd>${o.threshold}</dd>
    <dt>Top-k</dt><dd>${o.topK}</dd>
    <dt>Threads</dt><dd>${threadsText(o.threads)}</dd>
  </dl>
</div>
</div>`;
  return sectionHtml('preprocess', 'Preprocessing and options', body, { page: true });
}
