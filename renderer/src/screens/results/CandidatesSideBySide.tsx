/** A run of several candidates: one row per candidate (agreement, accuracy, error, worst perturbation, size, speed, gate) and a chart. */
import { useCallback, useMemo } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { candidateRows, candidateSize, candidateSpeed, type CandidateRow } from '../../../../shared/report/candidate-rows.js';
import { formatMetric, METRICS } from '../../../../shared/report/metric-meaning.js';
import { candidatesSpec, type ChartScheme } from '../../../../shared/charts/index.js';
import { Card } from '../../components/Card.js';
import { Badge } from '../../components/Feedback.js';
import { Table, type Column } from '../../components/Table.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { bytes, percent } from '../../format/numbers.js';
import { WORST_TITLE, worstMetricLabel, worstPerturbationText } from '../../../../shared/report/worst-perturbation.js';

/** The side-by-side table's columns: accuracy, worst perturbation and gate only when some candidate has them. */
export function candidateColumns(rows: readonly CandidateRow[]): Column<CandidateRow>[] {
  const labelled = rows.some((r) => r.accuracy !== null);
  const gated = rows.some((r) => r.gatePassed !== null);
  const perturbed = rows.some((r) => r.worstPerturbation !== null);
  return [
    { key: 'name', header: 'Candidate', text: 'wrap', cell: (r) => r.name, title: (r) => r.path, sortValue: (r) => r.name },
    { key: 'agreement', header: METRICS.top1Agreement.label, headerTitle: METRICS.top1Agreement.description, align: 'right', cell: (r) => formatMetric('top1Agreement', r.top1Agreement), sortValue: (r) => r.top1Agreement },
    ...(labelled
      ? [{ key: 'accuracy', header: 'Accuracy', align: 'right', cell: (r) => `${percent(r.accuracy)} (${formatMetric('accuracyDelta', r.accuracyDelta)})`, sortValue: (r) => r.accuracy } satisfies Column<CandidateRow>]
      : []),
    { key: 'maxAbs', header: METRICS.maxAbsDiff.label, headerTitle: METRICS.maxAbsDiff.description, align: 'right', cell: (r) => formatMetric('maxAbsDiff', r.maxAbsDiff), sortValue: (r) => r.maxAbsDiff },
    { key: 'allclose', header: 'allclose', align: 'right', cell: (r) => formatMetric('allcloseRate', r.allcloseRate), sortValue: (r) => r.allcloseRate },
    ...(perturbed
      ? [
          {
            key: 'worst',
            header: 'Worst perturbation',
            headerTitle: WORST_TITLE,
            align: 'right',
            text: 'keep',
            cell: (r) => worstPerturbationText(r.worstPerturbation),
            title: (r) => (r.worstPerturbation ? worstMetricLabel(r.worstPerturbation) : undefined),
            sortValue: (r) => r.worstPerturbation?.value ?? null,
          } satisfies Column<CandidateRow>,
        ]
      : []),
    { key: 'size', header: 'Size', align: 'right', text: 'keep', cell: (r) => `${bytes(r.sizeBytes)} · ${candidateSize(r)}`, sortValue: (r) => r.sizeBytes },
    { key: 'speed', header: 'Speed', cell: (r) => candidateSpeed(r), sortValue: (r) => r.latencyRatio },
    ...(gated
      ? [{ key: 'gate', header: 'Gate', cell: (r) => (r.gatePassed ? <Badge tone="good">passed</Badge> : <Badge tone="bad">failed</Badge>), sortValue: (r) => (r.gatePassed ? 1 : 0) } satisfies Column<CandidateRow>]
      : []),
  ];
}

export function CandidatesSideBySide({ report }: { report: ParityReport }) {
  const rows = useMemo(() => candidateRows(report), [report]);
  const columns = useMemo(() => candidateColumns(rows), [rows]);
  const referenceAccuracy = report.summary.clean.accuracy?.reference ?? null;
  const chart = useCallback((scheme: ChartScheme) => candidatesSpec(rows, referenceAccuracy, { scheme, title: '', width: 'container' }), [rows, referenceAccuracy]);
  if (rows.length === 0) return null;
  const subtitle = `${rows.length} candidates against the same reference outputs on the same images${referenceAccuracy !== null ? ` (reference accuracy ${percent(referenceAccuracy)})` : ''}; the sections below show the first, ${rows[0]!.name}`;
  return (
    <Card title="Candidates side by side" id="candidates" subtitle={subtitle}>
      <div className="stack" data-testid="candidates">
        <Table label="Every candidate of the run" compact columns={columns} rows={rows} rowKey={(r) => r.name} />
        {rows.some((r) => r.top1Agreement !== null || r.accuracy !== null) && (
          <LazyChart build={chart} description="Top-1 agreement and accuracy of each candidate" minHeight={rows.length * 40 + 60} />
        )}
      </div>
    </Card>
  );
}
