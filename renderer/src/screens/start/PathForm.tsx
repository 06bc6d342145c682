/** "A path on the server" (web) or any local path (desktop): typed, checked by the host, then opened. */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button.js';
import { Field, SelectInput, TextInput } from '../../components/Field.js';
import { errorDataOf } from '../../api/host-error.js';
import { importTypedPath } from '../../state/drop-actions.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';

type Kind = 'model' | 'images' | 'labels';

const PLACEHOLDERS: Readonly<Record<Kind, string>> = {
  model: '/data/models/classifier.onnx',
  images: '/data/test-images (one subfolder per class for accuracy)',
  labels: '/data/labels.txt',
};

export function PathForm() {
  const [path, setPath] = useState('');
  const [kind, setKind] = useState<Kind>('model');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const host = useSelect(appStore, (s) => s.info?.host ?? 'web');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const submitted = path;
      await importTypedPath(submitted, kind);
      // Cleared only if unchanged: the project can update before the import returns, and a path typed meanwhile stays.
      setPath((current) => (current === submitted ? '' : current));
    } catch (e) {
      const data = errorDataOf(e);
      setError(data.hint ? `${data.message} ${data.hint}` : data.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="path-form" onSubmit={(e) => void submit(e)} aria-label="Open a path">
      <Field label={host === 'web' ? 'Path on the server' : 'Path'} hint="Absolute path of a model file, an image folder or a labels file." error={error}>
        {({ id, describedBy, invalid }) => (
          <div className="row nowrap">
            <SelectInput aria-label="What the path is" value={kind} onChange={(e) => setKind(e.target.value as Kind)} className="w-auto">
              <option value="model">Model</option>
              <option value="images">Images</option>
              <option value="labels">Labels</option>
            </SelectInput>
            <TextInput id={id} aria-describedby={describedBy} aria-invalid={invalid} value={path} onChange={(e) => setPath(e.target.value)} placeholder={PLACEHOLDERS[kind]} className="grow" />
            <Button type="submit" busy={busy} disabled={!path.trim()}>
              Open
            </Button>
          </div>
        )}
      </Field>
    </form>
  );
}
