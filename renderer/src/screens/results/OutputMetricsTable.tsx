/** One image's metrics per output, for models without class probabilities (detectors, embeddings). */
import type { OutputMetrics } from '../../../../shared/report/metrics.js';
import { capitalized, formatCount, formatError } from '../../../../shared/report/format.js';
import { formatMetric, METRICS, type SummaryMetricKey } from '../../../../shared/report/metric-meaning.js';
import { Table, type Column } from '../../components/Table.js';

/** A column named and explained by the metric it shows. */
function metricColumn(metric: SummaryMetricKey, value: (o: OutputMetrics) => string): Column<OutputMetrics> {
  return { key: metric, header: capitalized(METRICS[metric].label), headerTitle: METRICS[metric].description, align: 'right', cell: value };
}

const COLUMNS: readonly Column<OutputMetrics>[] = [
  { key: 'output', header: 'Output', text: 'wrap', className: 'mono', cell: (o) => o.output, title: (o) => `${o.output} (${o.kind})` },
  metricColumn('iou', (o) => (o.dense ? formatMetric('iou', o.dense.iou) : '—')),
  metricColumn('dice', (o) => (o.dense ? formatMetric('dice', o.dense.dice) : '—')),
  metricColumn('meanAbsDiff', (o) => (o.errors ? formatError(o.errors.meanAbs) : '—')),
  metricColumn('maxAbsDiff', (o) => (o.errors ? formatError(o.errors.maxAbs) : '—')),
  {
    key: 'mismatches',
    header: 'Mismatches',
    align: 'right',
    cell: (o) => (o.errors ? `${formatCount(o.errors.mismatchCount)} / ${formatCount(o.errors.elementCount)}` : '—'),
    title: () => 'elements beyond both atol and rtol',
  },
];

export function OutputMetricsTable({ outputs }: { outputs: readonly OutputMetrics[] }) {
  return <Table label="Metrics per output on this image" compact columns={COLUMNS} rows={outputs} rowKey={(o) => o.output} />;
}
