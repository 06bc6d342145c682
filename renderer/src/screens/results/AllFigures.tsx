/**
 * Every summary figure of the run (top-5 overlap, KL/JS, cosine, error quantiles …) with its meaning on hover; one
 * column per candidate when the run compared several.
 */
import { useMemo } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import { capitalized } from '../../../../shared/report/format.js';
import { formatMetric, METRICS, SUMMARY_METRIC_KEYS, type SummaryMetricKey } from '../../../../shared/report/metric-meaning.js';
import { valueOfSummary } from '../../../../shared/report/output-kinds.js';
import { Card } from '../../components/Card.js';
import { Table, type Column } from '../../components/Table.js';
import { baseName } from '../../format/paths.js';

interface FigureRow {
  key: SummaryMetricKey;
  values: (number | null)[];
}

/** The figures some candidate has (a classifier has no IoU, a run without labels no accuracy). */
export function figureRows(summaries: readonly SummaryMetrics[]): FigureRow[] {
  return SUMMARY_METRIC_KEYS.map((key) => ({ key, values: summaries.map((s) => valueOfSummary(s, key)) })).filter((row) => row.values.some((v) => v !== null));
}

export function AllFigures({ report }: { report: ParityReport }) {
  const candidates = useMemo(
    () => (report.candidates && report.candidates.length > 1 ? report.candidates.map((c) => ({ name: c.name, summary: c.summary.clean })) : [{ name: baseName(report.models.candidate.path), summary: report.summary.clean }]),
    [report],
  );
  const rows = useMemo(() => figureRows(candidates.map((c) => c.summary)), [candidates]);
  const columns = useMemo<Column<FigureRow>[]>(
    () => [
      { key: 'metric', header: 'Figure', text: 'wrap', cell: (r) => capitalized(METRICS[r.key].label), title: (r) => METRICS[r.key].description },
      ...candidates.map(
        (c, i): Column<FigureRow> => ({ key: `c${i}`, header: c.name, align: 'right', text: 'keep', cell: (r) => formatMetric(r.key, r.values[i] ?? null), title: (r) => METRICS[r.key].description }),
      ),
    ],
    [candidates],
  );
  return (
    <Card title="All figures" id="all-figures" subtitle="Clean images, candidate against reference; hover a figure for what it measures">
      <div data-testid="all-figures">
        <Table label="Every summary figure of the run" compact columns={columns} rows={rows} rowKey={(r) => r.key} />
      </div>
    </Card>
  );
}
