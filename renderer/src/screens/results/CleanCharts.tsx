/** Clean-image charts: disagreement histogram, confidence scatter, error quantiles, per-label accuracy, latency. */
import { useCallback, useMemo } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import {
  classAccuracyRows,
  classAccuracySpec,
  confidenceRows,
  confidenceScatterSpec,
  disagreementHistogramSpec,
  disagreementRows,
  errorQuantileRows,
  errorQuantilesSpec,
  latencyDistributionSpec,
  type ChartScheme,
} from '../../../../shared/charts/index.js';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { KeyValue } from '../../components/KeyValue.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { formatBytes, formatMillis, formatRatio } from '../../../../shared/report/format.js';
import { disagreementMeaning, kindCharts } from '../../../../shared/report/output-kinds.js';

export function CleanCharts({ report }: { report: ParityReport }) {
  const histogram = useCallback((scheme: ChartScheme) => disagreementHistogramSpec(disagreementRows(report), { scheme, title: '', width: 'container' }), [report]);
  const scatter = useCallback((scheme: ChartScheme) => confidenceScatterSpec(confidenceRows(report), { scheme, title: '', width: 260, height: 260 }), [report]);
  const quantiles = useCallback((scheme: ChartScheme) => errorQuantilesSpec(errorQuantileRows(report), { scheme, title: '', width: 'container' }), [report]);
  const accuracy = useMemo(() => classAccuracyRows(report), [report]);
  const classes = useCallback((scheme: ChartScheme) => classAccuracySpec(accuracy.rows, { scheme, title: '', width: 'container' }), [accuracy]);
  const confidence = kindCharts(report.outputs.map((o) => o.kind)).has('confidence-scatter');
  const hasLabels = report.perImage.some((r) => r.label !== null);
  return (
    <>
      <div className="grid-2">
        <Card
          title="Per-image disagreement"
          id="histogram"
          subtitle={disagreementMeaning(report.outputs.map((o) => o.kind), report.options.threshold)}
        >
          <LazyChart build={histogram} description="Histogram of per-image disagreement" minHeight={260} />
        </Card>
        <Card title="Top-1 confidence" id="scatter" subtitle="reference vs candidate; off the diagonal = changed confidence">
          {confidence ? <LazyChart build={scatter} description="Scatter of both models' top-1 confidence" minHeight={300} /> : <EmptyState title="No classification output">This model's outputs have no class probabilities.</EmptyState>}
        </Card>
      </div>
      <div className="grid-2">
        <Card title="Output error quantiles" id="quantiles" subtitle="|candidate − reference| over all elements, log scale">
          <LazyChart build={quantiles} description="Absolute error quantiles per output" minHeight={260} />
        </Card>
        <Card title="Accuracy per label" id="classes" subtitle={hasLabels ? accuracy.note : undefined}>
          {hasLabels ? <LazyChart build={classes} description="Accuracy of both models per label" minHeight={260} /> : <EmptyState title="No labels">Add labels.txt and one folder per class to compare accuracy per label.</EmptyState>}
        </Card>
      </div>
    </>
  );
}

export function SpeedSection({ report }: { report: ParityReport }) {
  const bench = report.performance?.benchmark;
  const latency = useCallback(
    (scheme: ChartScheme) => {
      const models = report.performance?.benchmark.models ?? [];
      const rows = models.flatMap((m, i) => m.latencySamplesMs.map((ms) => ({ model: i === 0 ? 'reference' : i === 1 ? 'candidate' : m.label, ms })));
      return latencyDistributionSpec(rows, { scheme, title: '', width: 'container' });
    },
    [report],
  );
  if (!bench) {
    return (
      <Card title="Speed and memory" id="speed">
        <EmptyState title="Not measured in this run">Runs measure speed when the engine's benchmark is available and enabled on the Run screen.</EmptyState>
      </Card>
    );
  }
  const [ref, cand] = bench.models;
  const comparison = bench.comparisons[0];
  return (
    <Card title="Speed and memory" id="speed" subtitle={report.performance?.headline}>
      <div className="speed-grid">
        <LazyChart build={latency} description="Latency distribution of both models" minHeight={140} />
        <KeyValue
          columns={2}
          items={[
            { key: 'p50 reference', value: formatMillis(ref?.latencyMs.p50) },
            { key: 'p50 candidate', value: formatMillis(cand?.latencyMs.p50) },
            { key: 'p99 reference', value: formatMillis(ref?.latencyMs.p99) },
            { key: 'p99 candidate', value: formatMillis(cand?.latencyMs.p99) },
            { key: 'Throughput ratio', value: formatRatio(comparison?.throughputRatio) },
            { key: 'Threads × batch', value: `${bench.settings.threads[0]} × ${bench.settings.batch[0]}` },
            { key: 'Peak RSS reference', value: formatBytes(ref?.peakRssBytes) },
            { key: 'Peak RSS candidate', value: formatBytes(cand?.peakRssBytes) },
          ]}
        />
      </div>
    </Card>
  );
}
