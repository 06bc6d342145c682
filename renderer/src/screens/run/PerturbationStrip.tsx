/**
 * One of the project's images under a perturbation at each chosen severity, as the models will see it (the preview
 * job applies the perturbation exactly as a run does), so severities can be chosen by eye.
 */
import { useEffect, useMemo, useState } from 'react';
import { isPerturbationName, perturbationInfo, type Severity } from '../../../../shared/perturbations/index.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { PartialPreprocessSpec } from '../../../../shared/preprocess.js';
import { errorDataOf } from '../../api/host-error.js';
import { runJob } from '../../state/jobs.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { Button } from '../../components/Button.js';
import { SelectInput } from '../../components/Field.js';
import { Spinner } from '../../components/Feedback.js';

interface Cell {
  severity: number;
  uri: string | null;
  error: string | null;
}

export function PerturbationStrip({ names, severities, seed, images, spec, input }: { names: readonly string[]; severities: readonly number[]; seed: number; images: string; spec: PartialPreprocessSpec; input: TensorSignature | null }) {
  const [picked, setPicked] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const name = picked && names.includes(picked) ? picked : (names[0] ?? null);
  const request = useMemo(() => ({ name, severities: [...severities], seed, images, spec, input, index }), [name, severities, seed, images, spec, input, index]);
  const debounced = useDebounced(request, 400);
  const [cells, setCells] = useState<Cell[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const { name: n, severities: levels } = debounced;
    if (!n || !isPerturbationName(n) || levels.length === 0) {
      setCells([]);
      return;
    }
    let stale = false;
    setBusy(true);
    const base = { image: debounced.images, index: debounced.index, spec: debounced.spec, input: debounced.input, maxSide: 320 };
    // One after the other: each is a small engine job, and the strip fills from the mildest severity.
    void (async () => {
      const next: Cell[] = [];
      for (const severity of levels) {
        try {
          const r = await runJob('preview', { ...base, perturbation: { name: n, severity: severity as Severity, seed: debounced.seed } }, 'perturbation preview');
          next.push({ severity, uri: r.dataUri, error: null });
        } catch (e) {
          next.push({ severity, uri: null, error: errorDataOf(e).message });
        }
        if (stale) return;
        setCells([...next]);
      }
      setBusy(false);
    })();
    return () => {
      stale = true;
    };
  }, [debounced]);

  if (!name) return null;
  return (
    <div className="strip" aria-busy={busy}>
      <div className="row">
        <span className="field-label">Preview</span>
        <SelectInput aria-label="Perturbation to preview" value={name} onChange={(e) => setPicked(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {isPerturbationName(n) ? perturbationInfo(n).title : n}
            </option>
          ))}
        </SelectInput>
        <Button size="sm" variant="ghost" icon="chevronLeft" aria-label="Previous image" disabled={index === 0} onClick={() => setIndex((i) => Math.max(0, i - 1))} />
        <span className="small muted num">image {index + 1}</span>
        <Button size="sm" variant="ghost" icon="chevronRight" aria-label="Next image" onClick={() => setIndex((i) => i + 1)} />
        {busy && <Spinner />}
      </div>
      <ol className="strip-cells" aria-label="The image at each severity">
        {cells.map((c) => (
          <li key={c.severity}>
            {c.uri ? <img className="thumb" src={c.uri} alt={`${name} at severity ${c.severity}`} /> : <span className="small bad">{c.error}</span>}
            <span className="small muted">severity {c.severity}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
