/**
 * The Results screen's "All figures" card and the rows of its "Candidates side by side" card, rendered with react-dom/server from the
 * HTML fixture's classifier run: every summary figure the report holds (top-5 overlap, KL/JS, cosine …) is shown
 * with its meaning on hover, one column per candidate; a run of one candidate has no side-by-side card; a perturbed
 * run's card names each candidate's worst perturbation.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatMetric, METRICS } from '../../../shared/report/metric-meaning.js';
import type { CandidateResult, ParityReport } from '../../../shared/report/report.js';
import { AllFigures } from '../../../renderer/src/screens/results/AllFigures.js';
import { candidateColumns } from '../../../renderer/src/screens/results/CandidatesSideBySide.js';
import { Table } from '../../../renderer/src/components/Table.js';
import { perturbationTitle } from '../../../shared/perturbations/index.js';
import { worstPerturbation } from '../../../shared/report/worst-perturbation.js';
import { candidateRows } from '../../../shared/report/candidate-rows.js';
import { buildClassifierReport } from '../../engine/report/html/fixtures/build-report.js';

function twoCandidates(report: ParityReport): ParityReport {
  const first: CandidateResult = { name: 'int8-static', model: report.models.candidate, summary: report.summary, gate: report.gate, inferenceMs: report.timings.inferenceMs };
  const clean = { ...report.summary.clean, top1Agreement: 0.5, top5Overlap: 0.25, cosine: 0.75 };
  const second: CandidateResult = { ...first, name: 'fp16', summary: { clean, perOutput: [] } };
  return { ...report, candidates: [first, second] };
}

describe('every figure on the Results screen', () => {
  const report = buildClassifierReport();

  it('lists top-5 overlap, KL/JS and cosine with their meaning on hover', () => {
    const markup = renderToStaticMarkup(<AllFigures report={report} />);
    for (const key of ['top5Overlap', 'klDivergence', 'jsDivergence', 'cosine', 'errorP99'] as const) {
      const value = report.summary.clean[key];
      expect(value).not.toBeNull();
      expect(markup).toContain(formatMetric(key, value));
      expect(markup).toContain(`title="${METRICS[key].description.replace(/"/g, '&quot;')}"`);
    }
    // A classifier has no dense-map figures.
    expect(markup).not.toContain(METRICS.iou.description);
  });

  it('gives each candidate its column, and the side-by-side card a row each', () => {
    const both = twoCandidates(report);
    const figures = renderToStaticMarkup(<AllFigures report={both} />);
    expect(figures).toContain('>int8-static<');
    expect(figures).toContain('>fp16<');
    expect(figures).toContain(formatMetric('cosine', 0.75));
    // The side-by-side card's rows (its chart needs a browser: the e2e test renders it).
    const rows = candidateRows(both);
    expect(rows.map((r) => [r.name, r.top1Agreement])).toEqual([['int8-static', report.summary.clean.top1Agreement], ['fp16', 0.5]]);
    expect(candidateRows(report)).toEqual([]);
  });

  it("names each candidate's worst perturbation in the side-by-side card", () => {
    const perturbed = buildClassifierReport({ robustness: true });
    const both = twoCandidates(perturbed);
    const [first, second] = both.candidates!;
    // The second candidate is hurt most by the last perturbation result.
    const last = perturbed.perturbations!.at(-1)!;
    const hurt = perturbed.perturbations!.map((p) => (p === last ? { ...p, metrics: { ...p.metrics, top1Agreement: 0.01 } } : p));
    both.candidates = [{ ...first!, perturbations: perturbed.perturbations! }, { ...second!, perturbations: hurt }];
    const rows = candidateRows(both);
    expect(rows[0]!.worstPerturbation).toEqual(worstPerturbation(perturbed.perturbations));
    expect(rows[1]!.worstPerturbation).toMatchObject({ metric: 'top1Agreement', perturbation: last.name, severity: last.severity, value: 0.01 });
    // The card's table (its chart needs a browser).
    const table = (r: ParityReport): string => {
      const rows = candidateRows(r);
      return renderToStaticMarkup(<Table label="candidates" columns={candidateColumns(rows)} rows={rows} rowKey={(row) => row.name} />);
    };
    const markup = table(both);
    expect(markup).toContain('Worst perturbation');
    expect(markup).toContain(`1.0% (${perturbationTitle(last.name)} ${last.severity})`);
    // A clean run has no such column.
    expect(table(twoCandidates(report))).not.toContain('Worst perturbation');
  });
});

