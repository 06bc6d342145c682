/** Candidates to compare with the reference: the model's variants, models added by path, and a path box. */
import { useState, type FormEvent } from 'react';
import { errorDataOf } from '../../api/host-error.js';
import { importTypedPath } from '../../state/drop-actions.js';
import { removeCandidate } from '../../state/project-actions.js';
import { Button } from '../../components/Button.js';
import { Checkbox, TextInput } from '../../components/Field.js';
import { Badge, EmptyState } from '../../components/Feedback.js';
import { baseName } from '../../format/paths.js';
import { bytes, ratio } from '../../format/numbers.js';
import type { Variant } from '../convert/variants.js';

export function CandidatePicker({
  variants,
  extra,
  selected,
  onSelected,
}: {
  variants: readonly Variant[];
  extra: readonly string[];
  selected: readonly string[];
  onSelected: (paths: string[]) => void;
}) {
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (p: string, on: boolean) => onSelected(on ? [...selected, p] : selected.filter((s) => s !== p));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await importTypedPath(path, 'candidate');
      setPath('');
    } catch (e) {
      setError(errorDataOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      {variants.length === 0 && extra.length === 0 && (
        <EmptyState icon="convert" title="No candidate yet">
          Convert the model on the Convert screen, or add another ONNX file by path below.
        </EmptyState>
      )}
      <div className="candidate-list" role="group" aria-label="Candidates">
        {variants.map((v) => (
          <Checkbox
            key={v.output}
            checked={selected.includes(v.output)}
            onChange={(on) => toggle(v.output, on)}
            label={
              <span className="row nowrap">
                <Badge tone="accent">{v.recipe}</Badge>
                <span className="truncate" title={v.output}>
                  {baseName(v.output)}
                </span>
              </span>
            }
            hint={`${bytes(v.manifest.output.sizeBytes)} · ${ratio(v.manifest.sizeRatio)} the size of the reference`}
          />
        ))}
        {extra.map((p) => (
          <div className="candidate-extra" key={p}>
            <Checkbox checked={selected.includes(p)} onChange={(on) => toggle(p, on)} label={<span title={p}>{baseName(p)}</span>} hint={p} />
            <Button size="sm" variant="ghost" icon="x" aria-label={`Remove ${baseName(p)}`} onClick={() => removeCandidate(p)} />
          </div>
        ))}
      </div>
      <form className="row nowrap" onSubmit={(e) => void add(e)} aria-label="Add a candidate by path">
        <TextInput aria-label="Candidate model path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="Another candidate: /path/to/model.onnx" className="grow" />
        <Button type="submit" icon="plus" busy={busy} disabled={!path.trim()}>
          Add
        </Button>
      </form>
      {error && <p className="bad small">{error}</p>}
    </div>
  );
}
