/** One model's top-k for an image, with probability bars and the ground truth marked. */
import type { TopKEntry } from '../../../../../shared/report/metrics.js';
import { classNameOf, type ModelRole } from '../../../../../shared/charts/index.js';
import { formatPercent } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';

/** ✓ correct / ✗ wrong / nothing when the image has no label. */
export function correctnessMark(correct: boolean | null): SafeHtml | null {
  if (correct === null) return null;
  return correct
    ? html`<span class="tag ok" title="top-1 matches the label">✓ correct</span>`
    : html`<span class="tag bad" title="top-1 does not match the label">✗ wrong</span>`;
}

/** A model's top-k list. */
export function topKList(
  role: ModelRole,
  entries: readonly TopKEntry[],
  options: { classes: readonly string[] | null; label: string | null; correct: boolean | null },
): SafeHtml {
  return html`<div class="topk ${role}">
  <h4><span class="role-dot ${role}"></span>${role === 'reference' ? 'Reference' : 'Candidate'} ${correctnessMark(options.correct)}</h4>
  <ol>${entries.map((e) => {
    const name = classNameOf(e, options.classes);
    const truth = options.label !== null && name === options.label;
    const width = Math.max(0, Math.min(100, e.prob * 100)).toFixed(1);
    return html`<li><span class="name${truth ? ' truth' : ''}"${truth ? html` title="ground truth"` : null}>${name}${truth ? ' ★' : ''}</span><span class="prob">${formatPercent(e.prob, 1)}</span><span class="bar"><span style="width:${width}%"></span></span></li>`;
  })}</ol>
</div>`;
}
