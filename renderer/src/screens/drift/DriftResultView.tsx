/** A finished drift check as drift.json has it: verdict, image statistics, the model's view, what the field resembles. */
import { useCallback } from 'react';
import type { DriftReport, DriftStatistic, ModelView as DriftModelView, ScalarShift } from '../../../../shared/drift/drift-report.js';
import { DRIFT_GATE_METRICS } from '../../../../shared/drift/gate-spec.js';
import { classHistogramSpec, overlaidHistogramSpec, unchanging } from '../../../../shared/drift/charts.js';
import { formatMeasure } from '../../../../shared/drift/format.js';
import { perturbationTitle } from '../../../../shared/perturbations/index.js';
import { formatPercent } from '../../../../shared/report/format.js';
import type { ChartScheme } from '../../../../shared/charts/theme.js';
import { Card } from '../../components/Card.js';
import { Badge, InfoBanner } from '../../components/Feedback.js';
import { StatCard } from '../../components/StatCard.js';
import { PathText } from '../../components/PathText.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { baseName } from '../../format/paths.js';
import { api } from '../../state/client.js';

function Verdict({ report }: { report: DriftReport }) {
  const { gate } = report;
  if (gate.criteria.length > 0 && !gate.passed) {
    return (
      <InfoBanner tone="warn">
        <p className="banner-title">Drifted: {gate.failures.map((f) => f.message).join('; ')}</p>
        <p className="banner-message">{report.headline}</p>
      </InfoBanner>
    );
  }
  return (
    <InfoBanner tone={gate.criteria.length > 0 ? 'good' : 'info'}>
      <p className="banner-title">{gate.criteria.length > 0 ? `Gate passed (${gate.criteria.map((c) => `${c.metric} ${DRIFT_GATE_METRICS[c.metric]} ${c.threshold}`).join(' · ')})` : 'No gate set'}</p>
      <p className="banner-message">{report.headline}</p>
    </InfoBanner>
  );
}

const LEVEL_TONE = { stable: 'good', moderate: 'warn', shifted: 'bad' } as const;

function ShiftCells({ s }: { s: ScalarShift }) {
  return (
    <>
      <td className="num right">{formatMeasure(s.psi)}</td>
      <td className="num right">{formatMeasure(s.ks)}</td>
      <td className="num right">{formatMeasure(s.pValue)}</td>
      <td className="num right">{formatMeasure(s.reference.median)}</td>
      <td className="num right">{formatMeasure(s.field.median)}</td>
    </>
  );
}

function StatisticChart({ s }: { s: DriftStatistic }) {
  const build = useCallback((scheme: ChartScheme) => overlaidHistogramSpec(s.histogram, { scheme, title: s.title, subtitle: `PSI ${formatMeasure(s.psi)} · KS ${formatMeasure(s.ks)}`, axisTitle: s.unit }), [s]);
  return <LazyChart build={build} description={`${s.title}: reference and field histograms`} minHeight={170} />;
}

function Statistics({ report }: { report: DriftReport }) {
  return (
    <Card title="Image statistics" id="drift-statistics" subtitle="Sorted by how far each moved: PSI over the reference's quantile bins, the KS statistic and its p-value.">
      <table className="table" data-testid="drift-statistics">
        <thead>
          <tr>
            <th>Statistic</th>
            <th>Level</th>
            <th className="right">PSI</th>
            <th className="right">KS</th>
            <th className="right">p-value</th>
            <th className="right">median ref.</th>
            <th className="right">median field</th>
          </tr>
        </thead>
        <tbody>
          {report.statistics.map((s) => (
            <tr key={s.name}>
              <td>
                {s.title} <span className="muted small">{s.unit}</span>
              </td>
              <td>
                <Badge tone={LEVEL_TONE[s.level]}>{s.level}</Badge>
              </td>
              <ShiftCells s={s} />
            </tr>
          ))}
        </tbody>
      </table>
      {report.statistics.some(unchanging) && (
        <p className="small muted">
          The same in every image of both folders:{' '}
          {report.statistics
            .filter(unchanging)
            .map((s) => `${s.title.toLowerCase()} ${formatMeasure(s.reference.min)}`)
            .join(', ')}
          .
        </p>
      )}
      <div className="grid-3">
        {report.statistics
          .filter((s) => s.histogram.edges.length > 0 && !unchanging(s))
          .map((s) => (
            <StatisticChart key={s.name} s={s} />
          ))}
      </div>
    </Card>
  );
}

/**
 * The host serves a run folder's files by the run's id, which for a folder in the data folder's runs/ (where the host
 * puts every drift check it starts) is the folder's name.
 */
function assetUrl(runDir: string, relPath: string): string {
  return api().runAssetUrl(baseName(runDir), relPath);
}

function LeastLike({ items, runDir }: { items: DriftModelView['leastLike']; runDir: string }) {
  return (
    <ol className="least-like" data-testid="least-like">
      {items.map((e) => (
        <li key={e.path}>
          {e.thumbnail && <img className="thumb" src={assetUrl(runDir, e.thumbnail)} alt={e.path} loading="lazy" />}
          <code className="small">{e.path}</code>
          <span className="small muted num">{formatMeasure(e.score)}</span>
        </li>
      ))}
    </ol>
  );
}

function ModelView({ report, runDir }: { report: DriftReport; runDir: string }) {
  const m = report.model;
  const classes = useCallback((scheme: ChartScheme) => classHistogramSpec(m!.outputs!.predictedClass, { scheme }), [m]);
  if (!m) return null;
  const f = m.features;
  return (
    <Card title="The model's view" id="drift-model" subtitle={<PathText path={m.path} />}>
      <div className="stats">
        <StatCard label="Feature MMD²" value={f ? formatMeasure(f.mmd2) : '—'} sub={f ? `σ ${formatMeasure(f.bandwidth)} (median heuristic)` : (m.featuresNote ?? '')} />
        <StatCard label="MMD p-value" value={f ? formatMeasure(f.pValue) : '—'} tone={f ? (f.pValue < 0.01 ? 'bad' : 'good') : 'neutral'} sub={f ? `${f.permutations} permutations; ${f.sample.reference} + ${f.sample.field} vectors` : ''} />
        <StatCard label="Predicted class PSI" value={formatMeasure(m.outputs?.predictedClass.psi)} sub={m.outputs ? `${m.outputs.classes} classes, ${m.outputs.predictedClass.psiBins} PSI bin${m.outputs.predictedClass.psiBins === 1 ? '' : 's'}` : (m.outputsNote ?? '')} />
        <StatCard label="Confidence PSI" value={formatMeasure(m.outputs?.confidence.psi)} sub={m.outputs ? `KS ${formatMeasure(m.outputs.confidence.ks)}, p ${formatMeasure(m.outputs.confidence.pValue)}` : ''} />
        <StatCard label="Entropy PSI" value={formatMeasure(m.outputs?.entropy.psi)} sub={m.outputs ? `KS ${formatMeasure(m.outputs.entropy.ks)}, p ${formatMeasure(m.outputs.entropy.pValue)}` : ''} />
        <StatCard
          label="Candidate agreement"
          value={m.candidate ? formatPercent(m.candidate.agreement.field, 1) : '—'}
          sub={m.candidate ? `on the field; ${formatPercent(m.candidate.agreement.reference, 1)} on the reference` : 'no candidate chosen'}
        />
      </div>
      {m.outputs && <LazyChart build={classes} description="Predicted classes of both folders" minHeight={200} />}
      {m.leastLike.length > 0 && (
        <>
          <h3 className="card-title">Field images least like the reference</h3>
          <p className="small muted">Mean feature distance to the 5 nearest reference images; a typical reference image scores {formatMeasure(m.referenceScore)}.</p>
          <LeastLike items={m.leastLike} runDir={runDir} />
        </>
      )}
    </Card>
  );
}

function Resembles({ report }: { report: DriftReport }) {
  if (!report.resemblance) return null;
  const link = report.robustnessRun;
  return (
    <Card title="What the field resembles" id="drift-resembles" subtitle={`${report.resemblance.sample} reference images under each perturbation and severity; the unperturbed sample is at distance ${formatMeasure(report.resemblance.cleanDistance)}.`}>
      {link && <p className="small">Robustness run: {link.note}</p>}
      <table className="table" data-testid="drift-resembles">
        <thead>
          <tr>
            <th>Perturbation</th>
            <th className="right">Severity</th>
            <th className="right">Distance</th>
            <th>Closer than clean</th>
            {link && <th className="right">Candidate agreement there</th>}
          </tr>
        </thead>
        <tbody>
          {report.resembles.slice(0, 8).map((r) => (
            <tr key={`${r.name}-${r.severity}`}>
              <td>{perturbationTitle(r.name)}</td>
              <td className="num right">{r.severity}</td>
              <td className="num right">{formatMeasure(r.distance)}</td>
              <td>{r.closerThanClean ? 'yes' : 'no'}</td>
              {link && <td className="num right">{formatPercent(r.agreement, 1)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export function DriftResultView({ report, runDir }: { report: DriftReport; runDir: string }) {
  return (
    <div className="stack" data-testid="drift-result">
      <Verdict report={report} />
      <p className="small muted">
        {report.field.images} field images against {report.reference.images} reference images. {report.analysis.description} Written to <code>{runDir}</code>:{' '}
        <a href={assetUrl(runDir, 'drift.html')} target="_blank" rel="noopener noreferrer" data-testid="drift-html-link">
          open drift.html
        </a>{' '}
        (the page to attach to a release; drift.json beside it).
      </p>
      <Statistics report={report} />
      <ModelView report={report} runDir={runDir} />
      <Resembles report={report} />
    </div>
  );
}
