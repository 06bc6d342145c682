/** One image in detail: as the models saw it (clean, and perturbed for a flip under perturbation) with both top-k. */
import type { ParityReport } from '../../../../shared/report/report.js';
import { classNameOf } from '../../../../shared/charts/report-rows.js';
import { Card } from '../../components/Card.js';
import { Badge, EmptyState } from '../../components/Feedback.js';
import { Button } from '../../components/Button.js';
import { KeyValue } from '../../components/KeyValue.js';
import { compact, probability } from '../../format/numbers.js';
import { ModelView } from './ModelView.js';
import { perturbationTitle } from '../../../../shared/perturbations/index.js';
import { TopKColumns } from './TopKColumns.js';
import { OutputMetricsTable } from './OutputMetricsTable.js';
import type { ImageRow } from './image-rows.js';
import type { PerturbedView } from './gallery-items.js';
import './ImageViewer.css';

export interface ViewerSelection {
  key: string;
  row: ImageRow;
  perturbation: PerturbedView | null;
}

function PerturbedPrediction({ view, report }: { view: PerturbedView; report: ParityReport }) {
  const classes = report.labels?.classes ?? null;
  return (
    <p className="small">
      Under {perturbationTitle(view.name)} at severity {view.severity}: reference <span className="ref-ink">{classNameOf(view.reference, classes)}</span> {probability(view.reference.prob)}, candidate{' '}
      <span className="cand-ink">{classNameOf(view.candidate, classes)}</span> {probability(view.candidate.prob)}
    </p>
  );
}

export function ImageViewer({ runId, report, selection, onStep }: { runId: string; report: ParityReport; selection: ViewerSelection | null; onStep: (delta: number) => void }) {
  if (!selection) {
    return (
      <Card title="Image" id="viewer">
        <EmptyState icon="image" title="No image selected">
          Select an image in the gallery or the table (Enter) to see it with both models' predictions.
        </EmptyState>
      </Card>
    );
  }
  const { row, perturbation } = selection;
  const detail = report.perImage[row.index]!;
  const classes = report.labels?.classes ?? null;
  const size = `${report.preprocess.width}×${report.preprocess.height}`;
  return (
    <Card
      title={<span className="mono">{row.path}</span>}
      id="viewer"
      actions={
        <>
          <Button size="sm" variant="ghost" icon="chevronLeft" aria-label="Previous image" onClick={() => onStep(-1)} />
          <Button size="sm" variant="ghost" icon="chevronRight" aria-label="Next image" onClick={() => onStep(1)} />
        </>
      }
    >
      <div className="viewer" data-testid="image-viewer">
        <div className={`viewer-images${perturbation ? ' is-pair' : ''}`}>
          <figure>
            <ModelView runId={runId} report={report} relPath={row.path} alt={`${row.path} as the models saw it`} preferPreview maxSide={480} />
            <figcaption className="small muted">clean · {size} as the models saw it</figcaption>
          </figure>
          {perturbation && (
            <figure>
              <ModelView runId={runId} report={report} relPath={row.path} alt={`${row.path} under ${perturbationTitle(perturbation.name)} at severity ${perturbation.severity}`} maxSide={480} perturbation={perturbation} />
              <figcaption className="small muted">
                {perturbationTitle(perturbation.name)} · severity {perturbation.severity} · seed {perturbation.seed}
              </figcaption>
            </figure>
          )}
        </div>
        <div className="viewer-facts">
          <div className="row">
            {row.agree === null ? null : row.agree ? <Badge tone="good">clean top-1 agrees</Badge> : <Badge tone="bad">clean top-1 differs</Badge>}
            {perturbation && <Badge tone="bad">flips under {perturbationTitle(perturbation.name).toLowerCase()}</Badge>}
            {row.label !== null && <Badge>label {row.label}</Badge>}
            {row.referenceCorrect !== null && <Badge tone={row.referenceCorrect ? 'good' : 'bad'}>reference {row.referenceCorrect ? 'right' : 'wrong'}</Badge>}
            {row.candidateCorrect !== null && <Badge tone={row.candidateCorrect ? 'good' : 'bad'}>candidate {row.candidateCorrect ? 'right' : 'wrong'}</Badge>}
          </div>
          {perturbation && <PerturbedPrediction view={perturbation} report={report} />}
          {detail.reference.topK.length > 0 ? (
            <>
              <p className="small muted">Top-{report.options.topK} on the clean image</p>
              <TopKColumns reference={detail.reference.topK} candidate={detail.candidate.topK} classes={classes} label={row.label} />
            </>
          ) : (
            <OutputMetricsTable outputs={detail.outputs} />
          )}
          <KeyValue
            columns={3}
            items={[
              { key: 'Disagreement', value: compact(row.disagreement) },
              { key: 'Max |Δ|', value: compact(row.maxAbs) },
              { key: 'Allclose', value: row.allclose ? 'yes' : 'no' },
            ]}
          />
        </div>
      </div>
    </Card>
  );
}
