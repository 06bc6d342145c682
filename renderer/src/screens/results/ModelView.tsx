/**
 * An image of a run as the model saw it: the run's thumbnail when it has one, else a preview job with the run's
 * preprocessing (the same geometry the comparison used).
 */
import { useEffect, useState } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { api } from '../../state/host.js';
import { runJob } from '../../state/jobs.js';
import { joinPath } from '../../format/paths.js';
import { Spinner } from '../../components/Feedback.js';
import { thumbnailPath } from './thumbnails.js';

type Source = { kind: 'loading' } | { kind: 'url'; url: string } | { kind: 'failed'; message: string };

export function ModelView({ runId, report, relPath, alt, preferPreview = false, maxSide = 240 }: { runId: string; report: ParityReport; relPath: string; alt: string; preferPreview?: boolean; maxSide?: number }) {
  const [source, setSource] = useState<Source>({ kind: 'loading' });
  const [thumbFailed, setThumbFailed] = useState(preferPreview);

  useEffect(() => {
    setThumbFailed(preferPreview);
    setSource({ kind: 'loading' });
  }, [relPath, runId, preferPreview]);

  useEffect(() => {
    let stale = false;
    if (!thumbFailed) {
      void thumbnailPath(relPath).then((rel) => {
        if (!stale) setSource({ kind: 'url', url: api().runAssetUrl(runId, rel) });
      });
    } else {
      runJob('preview', { image: joinPath(report.images.root, relPath), spec: report.preprocess, maxSide }, 'image preview')
        .then((r) => !stale && setSource({ kind: 'url', url: r.dataUri }))
        .catch((e: unknown) => !stale && setSource({ kind: 'failed', message: e instanceof Error ? e.message : 'no picture' }));
    }
    return () => {
      stale = true;
    };
  }, [thumbFailed, relPath, runId, report, maxSide]);

  if (source.kind === 'loading') return <div className="model-view is-loading"><Spinner /></div>;
  if (source.kind === 'failed') return <div className="model-view is-missing small muted" title={source.message}>no picture</div>;
  return (
    <div className="model-view">
      <img src={source.url} alt={alt} loading="lazy" onError={() => !thumbFailed && setThumbFailed(true)} />
    </div>
  );
}
