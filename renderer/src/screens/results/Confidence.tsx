/** Confidence of both models on labelled images: the reliability diagram and the expected calibration error. */
import { useCallback, useMemo } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { reliabilityOf, reliabilitySpec, type ChartScheme } from '../../../../shared/charts/index.js';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { KeyValue } from '../../components/KeyValue.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { count } from '../../format/numbers.js';

const ECE_MEANING = 'Expected calibration error: how far top-1 probability is from accuracy, averaged over 10 confidence bins weighted by images (0 = calibrated).';

export function Confidence({ report }: { report: ParityReport }) {
  const reliability = useMemo(() => reliabilityOf(report), [report]);
  const chart = useCallback((scheme: ChartScheme) => reliabilitySpec(reliability!, { scheme, title: '', width: 'container' }), [reliability]);
  if (!report.perImage.some((r) => r.reference.topK.length > 0)) return null;
  return (
    <Card title="Confidence" id="confidence" subtitle="Does each model's top-1 probability match how often it is right?">
      {reliability === null ? (
        <EmptyState title="Needs labels">Calibration compares confidence with accuracy: add labels.txt and one folder per class.</EmptyState>
      ) : (
        <div className="grid-2">
          <div className="stack">
            <KeyValue
              columns={3}
              items={[
                { key: 'ECE reference', value: reliability.ece.reference.toFixed(3), title: ECE_MEANING },
                { key: 'ECE candidate', value: reliability.ece.candidate.toFixed(3), title: ECE_MEANING },
                { key: 'Labelled images', value: count(reliability.images) },
              ]}
            />
            <p className="small muted">
              {ECE_MEANING} Points above the dashed diagonal: the model is right more often than its probability says; below it, overconfident.
            </p>
          </div>
          <LazyChart build={chart} description="Reliability diagram of both models: accuracy against mean top-1 probability per bin" minHeight={280} />
        </div>
      )}
    </Card>
  );
}
