/** Live preview: one image through the spec being edited (debounced), with the tensor's per-channel range. */
import { useEffect, useMemo, useState } from 'react';
import type { PreviewResult } from '../../../../shared/contract/jobs/preview.js';
import type { ParityErrorData } from '../../../../shared/errors.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { PartialPreprocessSpec, PreprocessSpec } from '../../../../shared/preprocess.js';
import { errorDataOf } from '../../api/host-error.js';
import { runJob } from '../../state/jobs.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { Button } from '../../components/Button.js';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback.js';
import { baseName } from '../../format/paths.js';
import { compact, count, millis } from '../../format/numbers.js';

const DEBOUNCE_MS = 300;

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3);
}

export function PreviewPanel({ images, spec, input }: { images: string | null; spec: PartialPreprocessSpec; input: TensorSignature | null }) {
  const [index, setIndex] = useState(0);
  const request = useMemo(() => ({ images, spec, input, index }), [images, spec, input, index]);
  const debounced = useDebounced(request, DEBOUNCE_MS);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<ParityErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!debounced.images) return;
    let stale = false;
    setBusy(true);
    runJob('preview', { image: debounced.images, index: debounced.index, spec: debounced.spec, input: debounced.input, maxSide: 640 }, 'preprocessing preview')
      .then((r) => {
        if (stale) return;
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!stale) setError(errorDataOf(e));
      })
      .finally(() => {
        if (!stale) setBusy(false);
      });
    return () => {
      stale = true;
    };
  }, [debounced]);

  if (!images) {
    return (
      <EmptyState icon="image" title="No images to preview">
        Add an image folder on the Start screen to see how the model sees it.
      </EmptyState>
    );
  }

  const total = result?.count ?? null;
  const small = result ? Math.max(result.spec.width, result.spec.height) < 320 : false;
  return (
    <div className="preview" aria-busy={busy}>
      <div className="row preview-bar">
        <Button size="sm" variant="ghost" icon="chevronLeft" aria-label="Previous image" disabled={index === 0} onClick={() => setIndex((i) => Math.max(0, i - 1))} />
        <span className="num small" aria-live="polite">
          {result ? `image ${count(result.index + 1)} of ${count(total)}` : 'image 1'}
        </span>
        <Button size="sm" variant="ghost" icon="chevronRight" aria-label="Next image" disabled={total !== null && index >= total - 1} onClick={() => setIndex((i) => i + 1)} />
        {result && (
          <span className="muted small truncate" title={result.imagePath}>
            {baseName(result.imagePath)} · {result.source.width}×{result.source.height} → {result.spec.width}×{result.spec.height}
          </span>
        )}
        <span className="spacer" />
        {busy && <Spinner label="Updating…" />}
      </div>
      {error && <ErrorBanner error={error} />}
      {result && (
        <>
          <figure className={`preview-figure${error ? ' is-stale' : ''}`}>
            <img
              src={result.dataUri}
              alt={`${baseName(result.imagePath)} as the model sees it (${result.spec.width}×${result.spec.height}, ${result.spec.resize})`}
              className={small ? 'pixelated' : undefined}
              style={{ aspectRatio: `${result.spec.width} / ${result.spec.height}` }}
              data-testid="preview-image"
            />
            <figcaption className="muted small">
              As the model sees it: {geometryText(result.spec)}, {result.spec.colorOrder}, {result.spec.layout}, {result.spec.dtype}
              {result.spec.batch && result.spec.batch > 1 ? ` · batch of ${result.spec.batch} (the same image in every slot)` : ''} · made in {millis(result.elapsedMs)}
            </figcaption>
          </figure>
          <table className="table table-compact" aria-label="Tensor statistics per channel">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col" className="right">
                  Min
                </th>
                <th scope="col" className="right">
                  Mean
                </th>
                <th scope="col" className="right">
                  Max
                </th>
              </tr>
            </thead>
            <tbody>
              {result.tensor.channels.map((c, i) => (
                <tr key={i}>
                  <td>
                    {i} <span className="muted">({c.channel})</span>
                  </td>
                  <td className="right num">{fmt(c.min)}</td>
                  <td className="right num">{fmt(c.mean)}</td>
                  <td className="right num">{fmt(c.max)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            Tensor {result.tensor.dtype} [{result.tensor.dims.join(', ')}] · value = (pixel / {result.spec.scale} − mean) / std, mean [{result.spec.mean.map(compact).join(', ')}], std [
            {result.spec.std.map(compact).join(', ')}]
          </p>
        </>
      )}
    </div>
  );
}

/** The resize mode with its fields: "letterbox top-left, pad 114", "crop 0.875". */
function geometryText(spec: PreprocessSpec): string {
  if (spec.resize === 'letterbox') {
    const pad = spec.pad === undefined ? 114 : Array.isArray(spec.pad) ? `[${spec.pad.join(', ')}]` : spec.pad;
    return `letterbox ${spec.anchor ?? 'center'}, pad ${pad}`;
  }
  if (spec.resize === 'crop') return spec.cropFraction !== undefined && spec.cropFraction !== 1 ? `crop ${spec.cropFraction}` : 'crop';
  return spec.resize;
}
