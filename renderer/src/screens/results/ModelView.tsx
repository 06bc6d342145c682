/**
 * An image of a run as the model saw it: the run's thumbnail when it has one, else a preview job with the run's
 * preprocessing (the same geometry the comparison used), queued so that a gallery full of them all arrive.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { api } from '../../state/client.js';
import { joinPath } from '../../format/paths.js';
import { Spinner } from '../../components/Feedback.js';
import { thumbnailPath } from './thumbnails.js';
import { queuedPreview } from './preview-queue.js';
import type { PerturbationName, Severity } from '../../../../shared/perturbations/index.js';
import './ModelView.css';

type Source = { kind: 'loading' } | { kind: 'url'; url: string } | { kind: 'failed'; message: string };

export function ModelView({
  runId,
  report,
  relPath,
  alt,
  preferPreview = false,
  maxSide = 240,
  perturbation = null,
  overlay = null,
}: {
  runId: string;
  report: ParityReport;
  relPath: string;
  alt: string;
  preferPreview?: boolean;
  maxSide?: number;
  /** Shown under this perturbation, recomputed exactly as the run did (runs keep no perturbed files). */
  perturbation?: { name: string; severity: number; seed: number } | null;
  /** Drawn over the picture in the input's pixels (a detector's boxes). */
  overlay?: ReactNode;
}) {
  const [source, setSource] = useState<Source>({ kind: 'loading' });
  const usePreview = preferPreview || perturbation !== null;
  const [thumbFailed, setThumbFailed] = useState(usePreview);
  const perturbKey = perturbation ? `${perturbation.name}|${perturbation.severity}|${perturbation.seed}` : '';

  useEffect(() => {
    setThumbFailed(usePreview);
    setSource({ kind: 'loading' });
  }, [relPath, runId, usePreview, perturbKey]);

  useEffect(() => {
    let stale = false;
    if (!thumbFailed) {
      void thumbnailPath(relPath).then((rel) => {
        if (!stale) setSource({ kind: 'url', url: api().runAssetUrl(runId, rel) });
      });
    } else {
      const params = { image: joinPath(report.images.root, relPath), spec: report.preprocess, maxSide };
      const request = perturbation
        ? { ...params, perturbation: { name: perturbation.name as PerturbationName, severity: perturbation.severity as Severity, seed: perturbation.seed } }
        : params;
      queuedPreview(request)
        .then((url) => !stale && setSource({ kind: 'url', url }))
        .catch((e: unknown) => !stale && setSource({ kind: 'failed', message: e instanceof Error ? e.message : 'no picture' }));
    }
    return () => {
      stale = true;
    };
    // perturbKey stands for `perturbation`, an object that may be rebuilt with the same content.
  }, [thumbFailed, relPath, runId, report, maxSide, perturbKey]);

  if (source.kind === 'loading') return <div className="model-view is-loading"><Spinner /></div>;
  if (source.kind === 'failed') return <div className="model-view is-missing small muted" title={source.message}>no picture</div>;
  return (
    <div className="model-view">
      <img src={source.url} alt={alt} loading="lazy" onError={() => !thumbFailed && setThumbFailed(true)} />
      {overlay}
    </div>
  );
}
