/**
 * One image in detail: as the models saw it (clean, and perturbed for a flip under perturbation) with both models'
 * top-k clean and under the perturbation, zoomed to full size on request, and for dense outputs where the two
 * models' maps differ as a heat map over the image.
 */
import { useState } from 'react';
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
import { usePrediction } from './use-prediction.js';
import { ErrorBanner, Spinner } from '../../components/Feedback.js';
import { ZoomDialog } from './ZoomDialog.js';
import './ImageViewer.css';
import { DetectionOverlay } from './DetectionOverlay.js';
import { detectionOf } from '../../../../shared/report/detection-overlay.js';
import { percent } from '../../format/numbers.js';

export interface ViewerSelection {
  key: string;
  row: ImageRow;
  perturbation: PerturbedView | null;
}

function PerturbedPrediction({ view, report, relPath, label }: { view: PerturbedView; report: ParityReport; relPath: string; label: string | null }) {
  const classes = report.labels?.classes ?? null;
  const prediction = usePrediction(report, relPath, view, true);
  return (
    <div className="stack" data-testid="perturbed-topk">
      <p className="small">
        Under {perturbationTitle(view.name)} at severity {view.severity}: reference <span className="ref-ink">{classNameOf(view.reference, classes)}</span> {probability(view.reference.prob)}, candidate{' '}
        <span className="cand-ink">{classNameOf(view.candidate, classes)}</span> {probability(view.candidate.prob)}
      </p>
      {prediction.status === 'loading' && <Spinner label="Running both models on the perturbed image…" />}
      {prediction.status === 'failed' && <ErrorBanner error={prediction.error} />}
      {prediction.status === 'ready' && prediction.result.reference.topK.length > 0 && (
        <>
          <p className="small muted">
            Top-{prediction.result.reference.topK.length} under {perturbationTitle(view.name).toLowerCase()}, severity {view.severity}
          </p>
          <TopKColumns reference={prediction.result.reference.topK} candidate={prediction.result.candidate.topK} classes={classes} label={label} />
        </>
      )}
    </div>
  );
}

/** |reference − candidate| of the first dense output over the image (clean, or under the chosen perturbation). */
function DifferenceMap({ report, relPath, perturbation }: { report: ParityReport; relPath: string; perturbation: PerturbedView | null }) {
  const prediction = usePrediction(report, relPath, perturbation, true, 480);
  if (prediction.status === 'loading' || prediction.status === 'idle') return <Spinner label="Running both models for the difference map…" />;
  if (prediction.status === 'failed') return <ErrorBanner error={prediction.error} />;
  const heat = prediction.result.heatmap;
  if (!heat) return <p className="small muted">This model has no dense output to draw.</p>;
  return (
    <figure className="viewer-heatmap" data-testid="difference-map">
      <img src={heat.dataUri} alt={`|reference − candidate| of ${heat.output} over ${relPath}`} />
      <figcaption className="small muted">
        |reference − candidate| of <span className="mono">{heat.output}</span>: black none, yellow the largest ({compact(heat.maxAbsDiff)}); mean {compact(heat.meanAbsDiff)}
      </figcaption>
    </figure>
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
  return <SelectedImage runId={runId} report={report} selection={selection} onStep={onStep} />;
}

function SelectedImage({ runId, report, selection, onStep }: { runId: string; report: ParityReport; selection: ViewerSelection; onStep: (delta: number) => void }) {
  const [zoomed, setZoomed] = useState(false);
  const [showDiff, setShowDiff] = useState(false);
  const dense = report.outputs.some((o) => o.kind === 'dense');
  const { row, perturbation } = selection;
  const detail = report.perImage[row.index]!;
  const classes = report.labels?.classes ?? null;
  const size = `${report.preprocess.width}×${report.preprocess.height}`;
  const detection = detectionOf(detail.outputs);
  const overlay = detection ? <DetectionOverlay detection={detection} input={report.preprocess} classes={report.postprocess?.classes ?? null} /> : null;
  return (
    <Card
      title={<span className="mono">{row.path}</span>}
      id="viewer"
      actions={
        <>
          {dense && (
            <Button size="sm" variant={showDiff ? 'primary' : 'ghost'} aria-pressed={showDiff} onClick={() => setShowDiff(!showDiff)}>
              Difference map
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => setZoomed(true)}>
            Full size
          </Button>
          <Button size="sm" variant="ghost" icon="chevronLeft" aria-label="Previous image" onClick={() => onStep(-1)} />
          <Button size="sm" variant="ghost" icon="chevronRight" aria-label="Next image" onClick={() => onStep(1)} />
        </>
      }
    >
      <div className="viewer" data-testid="image-viewer">
        <div className={`viewer-images${perturbation ? ' is-pair' : ''}${detection ? ' is-detection' : ''}`}>
          <figure>
            <ModelView runId={runId} report={report} relPath={row.path} alt={`${row.path} as the models saw it`} preferPreview maxSide={480} overlay={overlay} />
            <figcaption className="small muted">
              clean · {size} as the models saw it
              {detection && (
                <>
                  {' '}· <span className="ref-ink">reference {detection.referenceCount}</span> · <span className="cand-ink">candidate {detection.candidateCount}</span> boxes · dashed = no match
                </>
              )}
            </figcaption>
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
          {showDiff && <DifferenceMap report={report} relPath={row.path} perturbation={perturbation} />}
          {perturbation && <PerturbedPrediction view={perturbation} report={report} relPath={row.path} label={row.label} />}
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
              ...(detection
                ? [
                    { key: 'Matched boxes', value: `${detection.matched} of ${detection.referenceCount}` },
                    { key: 'Matched IoU', value: detection.matchedIou === null ? '—' : percent(detection.matchedIou) },
                    { key: 'mAP@0.5', value: detection.map50 === null ? '—' : percent(detection.map50) },
                  ]
                : []),
              { key: 'Disagreement', value: compact(row.disagreement) },
              { key: 'Max |Δ|', value: compact(row.maxAbs) },
              { key: 'Allclose', value: row.allclose ? 'yes' : 'no' },
            ]}
          />
        </div>
      </div>
      {zoomed && <ZoomDialog runId={runId} report={report} relPath={row.path} perturbation={perturbation} onClose={() => setZoomed(false)} />}
    </Card>
  );
}
