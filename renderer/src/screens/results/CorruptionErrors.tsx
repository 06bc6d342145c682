/** Corruption error per perturbation (ImageNet-C's CE with the reference as baseline) and flips, with mCE. */
import type { ParityReport } from '../../../../shared/report/report.js';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { Table } from '../../components/Table.js';
import { perturbationTitle } from '../../../../shared/perturbations/index.js';
import { capitalized, formatCount } from '../../../../shared/report/format.js';
import { formatMetric, METRICS } from '../../../../shared/report/metric-meaning.js';

export function CorruptionErrors({ report }: { report: ParityReport }) {
  const robustness = report.robustness;
  const perturbations = report.perturbations ?? [];
  if (!robustness || perturbations.length === 0) return null;
  const names = [...new Set(perturbations.map((p) => p.name))];
  const flipsOf = (name: string): number => perturbations.filter((p) => p.name === name).reduce((n, p) => n + (p.flips ?? 0), 0);
  const detail = new Map((robustness.perPerturbation ?? []).map((d) => [d.name, d]));
  return (
    <Card
      title="Corruption error"
      id="corruption-error"
      subtitle={
        robustness.mCE !== null
          ? `${METRICS.mCE.label} ${formatMetric('mCE', robustness.mCE)} · ${METRICS.relativeMCE.label} ${formatMetric('relativeMCE', robustness.relativeMCE)} · below 100%: the candidate errs less than the reference`
          : 'Σ over severities of the candidate’s top-1 error ÷ the reference’s'
      }
    >
      {robustness.labelled === false || Object.keys(robustness.corruptionError).length === 0 ? (
        <EmptyState title="Needs labels">Corruption error compares top-1 errors against labels: add labels.txt and one folder per class. Flips per perturbation are in the heatmap and the gallery.</EmptyState>
      ) : (
        <Table
          label="Corruption error per perturbation"
          compact
          className="ce-table"
          rows={names}
          rowKey={(name) => name}
          columns={[
            { key: 'name', header: 'Perturbation', text: 'wrap', cell: (name) => perturbationTitle(name), sortValue: (name) => perturbationTitle(name) },
            {
              key: 'ce',
              header: METRICS.corruptionError.label,
              headerTitle: METRICS.corruptionError.description,
              align: 'right',
              cell: (name) => <span className={(robustness.corruptionError[name] ?? 0) > 1.05 ? 'bad' : undefined}>{formatMetric('corruptionError', robustness.corruptionError[name])}</span>,
              sortValue: (name) => robustness.corruptionError[name] ?? null,
            },
            {
              key: 'rce',
              header: capitalized(METRICS.relativeCorruptionError.label),
              headerTitle: METRICS.relativeCorruptionError.description,
              align: 'right',
              cell: (name) => formatMetric('relativeCorruptionError', robustness.relativeCorruptionError[name]),
              sortValue: (name) => robustness.relativeCorruptionError[name] ?? null,
            },
            { key: 'flips', header: 'Flips', align: 'right', cell: (name) => formatCount(flipsOf(name)), sortValue: flipsOf },
            { key: 'note', header: 'Note', text: 'wrap', className: 'muted small', cell: (name) => detail.get(name)?.note ?? '' },
          ]}
        />
      )}
    </Card>
  );
}
