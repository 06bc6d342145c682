/** Agreement heatmap (perturbation × severity) and accuracy-vs-severity curves, from the shared chart specs. */
import { useCallback } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { agreementHeatmapSpec, perturbationAgreementRows, severityAccuracyRows, severityCurvesSpec, type ChartScheme } from '../../../../shared/charts/index.js';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { CorruptionErrors } from './CorruptionErrors.js';

export function RobustnessCharts({ report }: { report: ParityReport }) {
  const perturbations = report.perturbations ?? [];
  const heatmap = useCallback(
    (scheme: ChartScheme) => {
      const { rows, metricTitle } = perturbationAgreementRows(report);
      return agreementHeatmapSpec(rows, { scheme, metricTitle, title: '' });
    },
    [report],
  );
  const curveRows = severityAccuracyRows(report);
  const curves = useCallback((scheme: ChartScheme) => severityCurvesSpec(severityAccuracyRows(report), { scheme, title: '', columns: 3 }), [report]);

  if (perturbations.length === 0) {
    return (
      <Card title="Under perturbations" id="robustness">
        <EmptyState icon="run" title="This run used clean images only">
          Run again with perturbations (fog, occlusion, noise, blur…) on the Run screen to see where the candidate drifts.
        </EmptyState>
      </Card>
    );
  }
  const names = new Set(perturbations.map((p) => p.name)).size;
  return (
    <>
      <div className="grid-2">
        <Card title="Agreement under perturbation" id="heatmap" subtitle={`${names} perturbations × severities`}>
          <LazyChart build={heatmap} description="Heatmap of agreement per perturbation and severity" minHeight={Math.max(120, names * 26 + 60)} />
        </Card>
        <Card title="Accuracy vs severity" id="curves" subtitle="both models; severity 0 is the clean images">
          {curveRows.length === 0 ? (
            <EmptyState title="No accuracy without labels">Add labels.txt and one folder per class to see accuracy curves.</EmptyState>
          ) : (
            <LazyChart build={curves} description="Accuracy of both models against perturbation severity" minHeight={Math.ceil(names / 3) * 160 + 40} />
          )}
        </Card>
      </div>
      <CorruptionErrors report={report} />
    </>
  );
}
