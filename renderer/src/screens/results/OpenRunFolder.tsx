/** Opens a run folder written outside the app (`parity compare --out`, `parity demo`, a CI artifact) by its path. */
import { useState, type FormEvent } from 'react';
import { errorDataOf } from '../../api/host-error.js';
import { api } from '../../state/client.js';
import { refreshRuns } from '../../state/host.js';
import { Button } from '../../components/Button.js';
import { TextInput } from '../../components/Field.js';
import { navigate } from '../../app/routes.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';

export function OpenRunFolder() {
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null);
  const canPick = useSelect(appStore, (s) => s.info?.canPickFiles ?? false);

  const openPath = async (target: string) => {
    setBusy(true);
    setError(null);
    try {
      const listing = await api().openRun({ path: target });
      await refreshRuns();
      setFolder('');
      navigate({ screen: 'results', runId: listing.runId });
    } catch (e) {
      const data = errorDataOf(e);
      setError({ message: data.message, hint: data.hint });
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void openPath(folder.trim());
  };

  /** Desktop: the native folder dialog. */
  const browse = async () => {
    try {
      const { paths } = await api().pickPaths({ kind: 'run', multiple: false });
      if (paths[0]) await openPath(paths[0]);
    } catch (e) {
      const data = errorDataOf(e);
      setError({ message: data.message, hint: data.hint });
    }
  };

  return (
    <div className="stack">
      <form className="row nowrap" onSubmit={onSubmit} aria-label="Open a run folder">
        <TextInput
          aria-label="Run folder path"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="A run folder from the CLI or CI: /path/to/parity-demo/int8-static"
          className="grow"
        />
        <Button type="submit" icon="folder" busy={busy} disabled={!folder.trim()}>
          Open folder
        </Button>
        {canPick && (
          <Button onClick={() => void browse()} disabled={busy}>
            Browse…
          </Button>
        )}
      </form>
      {error && (
        <p className="bad small" role="alert">
          {error.message} {error.hint && <span className="muted">{error.hint}</span>}
        </p>
      )}
    </div>
  );
}
