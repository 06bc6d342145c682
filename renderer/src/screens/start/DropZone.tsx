/**
 * The drop target of the Start screen, with keyboard-reachable buttons doing the same: choose a model, an image
 * folder or image files (web: file inputs then upload; desktop: native dialogs).
 */
import { useRef, useState, type DragEvent } from 'react';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { Spinner } from '../../components/Feedback.js';
import { filesOfDrop, filesOfInput } from '../../drop/read-drop.js';
import { api } from '../../state/client.js';
import { importPaths, importUploads, type ImportStatus } from '../../state/drop-actions.js';
import { openImages, openModel, openLabels } from '../../state/project-actions.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';

export function DropZone() {
  const [over, setOver] = useState(false);
  const [status, setStatus] = useState<ImportStatus>({ busy: false, message: null });
  const modelInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const canPick = useSelect(appStore, (s) => s.info?.canPickFiles ?? false);

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const client = api();
    if (client.pathForFile) {
      const pathForFile = client.pathForFile;
      await importPaths(Array.from(event.dataTransfer.files).map((file) => ({ path: pathForFile(file), file })));
      return;
    }
    setStatus({ busy: true, message: 'Reading what was dropped…' });
    const files = await filesOfDrop(event.dataTransfer);
    await importUploads(files, setStatus);
  };

  const onInput = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    await importUploads(filesOfInput(list), setStatus);
  };

  const pick = async (kind: 'model' | 'images' | 'labels') => {
    const { paths } = await api().pickPaths({ kind, multiple: false });
    const path = paths[0];
    if (!path) return;
    if (kind === 'model') await openModel(path, 'dialog');
    else if (kind === 'images') await openImages(path);
    else await openLabels(path);
  };

  return (
    <div
      className={`dropzone${over ? ' is-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => void onDrop(e)}
      data-testid="dropzone"
    >
      <Icon name="upload" size={28} />
      <p className="dropzone-title">Drop a model and images here</p>
      <p className="dropzone-sub">
        An <code>.onnx</code> model, image files or a folder of images (one subfolder per class for accuracy), and optionally{' '}
        <code>labels.txt</code> and <code>preprocess.json</code>.
      </p>
      {status.busy ? (
        <Spinner label={status.message ?? 'Working…'} />
      ) : canPick ? (
        <div className="row">
          <Button icon="model" onClick={() => void pick('model')}>
            Choose model…
          </Button>
          <Button icon="folder" onClick={() => void pick('images')}>
            Choose image folder…
          </Button>
          <Button icon="file" onClick={() => void pick('labels')}>
            Choose labels…
          </Button>
        </div>
      ) : (
        <div className="row">
          <Button icon="model" onClick={() => modelInput.current?.click()}>
            Choose model…
          </Button>
          <Button icon="folder" onClick={() => folderInput.current?.click()}>
            Choose image folder…
          </Button>
          <Button icon="image" onClick={() => filesInput.current?.click()}>
            Choose image files…
          </Button>
          <input ref={modelInput} type="file" accept=".onnx,.txt,.json" multiple hidden data-testid="model-input" onChange={(e) => void onInput(e.target.files).then(() => (e.target.value = ''))} />
          <input
            ref={(el) => {
              folderInput.current = el;
              // webkitdirectory is not in React's attribute types: set it on the element.
              if (el) el.setAttribute('webkitdirectory', '');
            }}
            type="file"
            hidden
            data-testid="folder-input"
            onChange={(e) => void onInput(e.target.files).then(() => (e.target.value = ''))}
          />
          <input ref={filesInput} type="file" accept="image/*" multiple hidden data-testid="files-input" onChange={(e) => void onInput(e.target.files).then(() => (e.target.value = ''))} />
        </div>
      )}
    </div>
  );
}
