/** The image at full size, pixel for pixel as the models saw it (scaled up without smoothing), clean and perturbed. */
import { useEffect, useRef, useState } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner, Spinner } from '../../components/Feedback.js';
import { perturbationTitle } from '../../../../shared/perturbations/index.js';
import type { PerturbedView } from './gallery-items.js';
import { usePrediction } from './use-prediction.js';
import './ZoomDialog.css';

function Zoomed({ report, relPath, perturbation, actual }: { report: ParityReport; relPath: string; perturbation: PerturbedView | null; actual: boolean }) {
  // The job scales the model-sized image up without smoothing: every input pixel stays visible.
  const prediction = usePrediction(report, relPath, perturbation, true, actual ? Math.max(report.preprocess.width, report.preprocess.height) : 1024);
  if (prediction.status === 'failed') return <ErrorBanner error={prediction.error} />;
  if (prediction.status !== 'ready') return <Spinner label="Drawing the image…" />;
  return (
    <figure className="zoom-figure">
      <img src={prediction.result.imageUri} alt={`${relPath}${perturbation ? ` under ${perturbation.name} at severity ${perturbation.severity}` : ''}, full size`} />
      <figcaption className="small muted">
        {perturbation ? `${perturbationTitle(perturbation.name)} · severity ${perturbation.severity}` : 'clean'} · {report.preprocess.width}×{report.preprocess.height} input
        {actual ? ', 1 screen pixel per input pixel' : ', scaled up without smoothing'}
      </figcaption>
    </figure>
  );
}

export function ZoomDialog({ report, relPath, perturbation, onClose }: { runId: string; report: ParityReport; relPath: string; perturbation: PerturbedView | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [actual, setActual] = useState(false);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="zoom-dialog" aria-label={`${relPath} at full size`} onClose={onClose} onCancel={onClose}>
      <header className="zoom-head">
        <span className="mono">{relPath}</span>
        <span className="spacer" />
        <Button size="sm" variant="ghost" aria-pressed={actual} onClick={() => setActual(!actual)}>
          {actual ? 'Fit' : '1:1'}
        </Button>
        <Button size="sm" variant="ghost" icon="x" aria-label="Close" onClick={() => dialog.current?.close()} />
      </header>
      <div className={`zoom-body${perturbation ? ' is-pair' : ''}`}>
        <Zoomed report={report} relPath={relPath} perturbation={null} actual={actual} />
        {perturbation && <Zoomed report={report} relPath={relPath} perturbation={perturbation} actual={actual} />}
      </div>
    </dialog>
  );
}
