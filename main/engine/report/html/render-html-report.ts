/**
 * The parity report as one self-contained HTML file: inline CSS, inline SVG charts, images as data: URIs,
 * a CSP that forbids every network load, readable without its one optional script, printable.
 */
import { createHash } from 'node:crypto';
import { ParityError } from '../../../../shared/errors.js';
import { ParityReportSchema, type ParityReport } from '../../../../shared/report/report.js';
import type { ReportAssets } from './assets.js';
import { html, trusted } from './html.js';
import { createReportContext, type RenderedSection, type SectionRenderer } from './report-context.js';
import { reportHead } from './page-head.js';
import { renderCandidates } from './sections/candidates.js';
import { SORT_SCRIPT } from './sort-script.js';
import { baseName, renderHeader } from './sections/header.js';
import { renderSummaryCards } from './sections/summary-cards.js';
import { renderModels } from './sections/models.js';
import { renderOutputsTable } from './sections/outputs-table.js';
import { renderDecodedText } from './sections/decoded-text.js';
import { renderCleanCharts } from './sections/clean-charts.js';
import { renderGallery } from './sections/gallery.js';
import { renderFlipsByClass } from './sections/flips-by-class.js';
import { renderConfidence } from './sections/confidence.js';
import { renderConversion } from './sections/conversion.js';
import { renderLayers } from './sections/layers.js';
import { renderRobustness } from './sections/robustness.js';
import { renderPerformance } from './sections/performance.js';
import { renderServing } from './sections/serving.js';
import { renderShardNote, renderShards } from './sections/shards.js';
import { renderPreprocess } from './sections/preprocess.js';
import { renderSkipped } from './sections/skipped.js';
import { renderPerImageTable } from './sections/per-image-table.js';
import { renderFooter } from './sections/footer.js';

/** Section renderers in reading order; each returns null when its part of the report is absent. */
export const REPORT_SECTIONS: readonly SectionRenderer[] = [
  renderShardNote,
  renderSummaryCards,
  renderCandidates,
  renderModels,
  renderOutputsTable,
  renderDecodedText,
  renderCleanCharts,
  renderFlipsByClass,
  renderConfidence,
  renderGallery,
  renderConversion,
  renderLayers,
  renderRobustness,
  renderPerformance,
  renderServing,
  renderShards,
  renderPreprocess,
  renderSkipped,
  renderPerImageTable,
];

function validated(report: ParityReport): ParityReport {
  const parsed = ParityReportSchema.safeParse(report);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new ParityError(
    'BAD_OPTION',
    `The report is not a valid parity report${where}: ${issue?.message ?? 'schema mismatch'}.`,
    'Render reports written by the same parity version, or re-run the comparison to regenerate the JSON.',
  );
}

/** Renders a ParityReport (validated against ParityReportSchema) and its thumbnails into one HTML document. */
export async function renderHtmlReport(report: ParityReport, assets: ReportAssets): Promise<string> {
  const data = validated(report);
  const ctx = createReportContext(data, assets);
  const sections: RenderedSection[] = [];
  for (const render of REPORT_SECTIONS) {
    const section = await render(ctx);
    if (section) sections.push(section);
  }
  const scriptHash = createHash('sha256').update(SORT_SCRIPT, 'utf8').digest('base64');
  const csp = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const verdict = data.gate.criteria.length === 0 ? 'no gate' : data.gate.passed ? 'passed' : 'FAILED';
  // Reference first, as everywhere else (app, CLI, run folder names).
  const candidates = data.candidates && data.candidates.length > 1 ? data.candidates.map((c) => c.name).join(', ') : baseName(data.models.candidate.path);
  const title = `Parity report · ${baseName(data.models.reference.path)} vs ${candidates} · ${verdict}`;
  const page = html`${reportHead({ csp, version: data.tool.version, title })}
<main>
${renderHeader(data)}
<nav class="toc" aria-label="Contents">${sections.map((s) => html`<a href="#${s.id}">${s.title}</a>`)}</nav>
${sections.map((s) => s.html)}
${renderFooter(data)}
</main>
<script>${trusted(SORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
