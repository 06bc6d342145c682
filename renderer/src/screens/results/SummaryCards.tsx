/** The six headline figures of a run: agreement, accuracy, speed, size, output error and robustness. */
import type { ParityReport } from '../../../../shared/report/report.js';
import { agreementMetricOf } from '../../../../shared/charts/report-rows.js';
import { perturbationTitle } from '../../../../shared/perturbations/index.js';
import { capitalized, formatBytes, formatCount, formatError, formatMillis, formatPercent, formatRatio } from '../../../../shared/report/format.js';
import { formatMetric, METRICS } from '../../../../shared/report/metric-meaning.js';
import { valueOfSummary } from '../../../../shared/report/output-kinds.js';
import { sizePhrase, speedPhrase } from '../../../../shared/report/performance-section.js';
import { sizeRatio } from '../../../../shared/report/model-source.js';
import { StatCard, type Tone } from '../../components/StatCard.js';
import type { ImageRow } from './image-rows.js';

function agreementTone(value: number | null): Tone {
  if (value === null) return 'neutral';
  return value >= 0.99 ? 'good' : value >= 0.95 ? 'warn' : 'bad';
}

function AgreementCard({ report, rows }: { report: ParityReport; rows: readonly ImageRow[] }) {
  const metric = agreementMetricOf(report);
  const value = valueOfSummary(report.summary.clean, metric.key);
  const differs = rows.filter((r) => r.agree === false).length;
  const cer = report.summary.clean.characterErrorRate;
  const sub =
    metric.key === 'top1Agreement'
      ? `${formatCount(differs)} of ${formatCount(rows.length)} images differ`
      : metric.key === 'sequenceExactMatch'
        ? `${formatCount(differs)} of ${formatCount(rows.length)} images read differently · ${METRICS.characterErrorRate.short} ${formatMetric('characterErrorRate', cer)} · ${formatMetric('positionAgreement', report.summary.clean.positionAgreement)} of positions agree`
        : `${formatCount(report.images.count)} images`;
  return (
    <StatCard
      label={capitalized(metric.title)}
      value={formatMetric(metric.key, value)}
      sub={sub}
      tone={agreementTone(value)}
      testId="card-agreement"
      hint={METRICS[metric.key].description}
    />
  );
}

function AccuracyCard({ report }: { report: ParityReport }) {
  const acc = report.summary.clean.accuracy;
  if (!acc) return <StatCard label="Accuracy" value="—" sub="no labels: add labels.txt and class folders" testId="card-accuracy" />;
  const tone: Tone = acc.delta >= -0.001 ? 'good' : acc.delta >= -0.01 ? 'warn' : 'bad';
  return (
    <StatCard
      label="Accuracy"
      value={formatMetric('accuracy', acc.candidate)}
      sub={
        <>
          reference {formatPercent(acc.reference)} · {formatMetric('accuracyDelta', acc.delta)}
        </>
      }
      tone={tone}
      testId="card-accuracy"
      hint={METRICS.accuracy.description}
    />
  );
}

function SpeedCard({ report }: { report: ParityReport }) {
  const bench = report.performance?.benchmark;
  const comparison = bench?.comparisons[0];
  if (report.shards) return <StatCard label="Speed" value="per shard" sub={`measured on each of ${report.shards.count} shards' machines: see Shards`} testId="card-speed" />;
  if (!bench || !comparison) return <StatCard label="Speed" value="—" sub="not measured in this run" testId="card-speed" />;
  const [ref, cand] = bench.models;
  const phrase = speedPhrase(comparison);
  const tone: Tone = comparison.withinNoise ? 'neutral' : comparison.latencyRatio.median < 1 ? 'good' : 'bad';
  return (
    <StatCard
      label="Speed (latency ratio)"
      value={formatRatio(comparison.latencyRatio.median)}
      sub={
        <>
          {phrase} · p50 {formatMillis(ref?.latencyMs.p50)} → {formatMillis(cand?.latencyMs.p50)} · 95% CI {comparison.latencyRatio.ci95.map((v) => v.toFixed(2)).join('–')}
        </>
      }
      tone={tone}
      testId="card-speed"
    />
  );
}

function SizeCard({ report }: { report: ParityReport }) {
  const ref = report.models.reference.sizeBytes;
  const cand = report.models.candidate.sizeBytes;
  const r = sizeRatio(ref, cand);
  return (
    <StatCard
      label="Size"
      value={formatRatio(r)}
      sub={
        <>
          {r === null ? (ref === null || cand === null ? 'a side is not a model file' : '') : `${sizePhrase(r)} · `}
          {ref !== null && cand !== null ? `${formatBytes(ref)} → ${formatBytes(cand)}` : ''}
        </>
      }
      tone={r !== null && r < 0.95 ? 'good' : 'neutral'}
      testId="card-size"
    />
  );
}

function ErrorCard({ report }: { report: ParityReport }) {
  const s = report.summary.clean;
  return (
    <StatCard
      label={capitalized(METRICS.maxAbsDiff.label)}
      value={formatMetric('maxAbsDiff', s.maxAbsDiff)}
      sub={`p99 ${formatError(s.errorP99)} · allclose on ${formatMetric('allcloseRate', s.allcloseRate)} of images`}
      tone={s.allcloseRate === 1 ? 'good' : 'neutral'}
      testId="card-error"
      hint={METRICS.maxAbsDiff.description}
    />
  );
}

function RobustnessCard({ report }: { report: ParityReport }) {
  const perturbations = report.perturbations ?? [];
  if (perturbations.length === 0) return <StatCard label="Under perturbations" value="—" sub="clean images only in this run" testId="card-robustness" />;
  const metric = agreementMetricOf(report);
  const valueOf = (p: (typeof perturbations)[number]): number | null => valueOfSummary(p.metrics, metric.key);
  let worst = perturbations[0]!;
  for (const p of perturbations) if ((valueOf(p) ?? 1) < (valueOf(worst) ?? 1)) worst = p;
  const value = valueOf(worst);
  const mce = report.robustness?.mCE;
  return (
    <StatCard
      label={`Worst ${metric.title}`}
      value={formatMetric(metric.key, value)}
      sub={
        <>
          {perturbationTitle(worst.name)} at severity {worst.severity}
          {mce !== null && mce !== undefined ? ` · ${METRICS.mCE.label} ${formatMetric('mCE', mce)}` : ''}
        </>
      }
      tone={agreementTone(value)}
      testId="card-robustness"
      hint={METRICS[metric.key].description}
    />
  );
}

export function SummaryCards({ report, rows }: { report: ParityReport; rows: readonly ImageRow[] }) {
  return (
    <div className="stats" aria-label="Summary">
      <AgreementCard report={report} rows={rows} />
      <AccuracyCard report={report} />
      <SpeedCard report={report} />
      <SizeCard report={report} />
      <ErrorCard report={report} />
      <RobustnessCard report={report} />
    </div>
  );
}
