/**
 * Brings dropped or chosen files into the project. On the web they are uploaded to the host (a fresh folder per
 * kind); on the desktop the preload bridge gives each dropped item's real path, so nothing is copied.
 */
import { classifyDrop, type DroppedFile } from '../drop/classify-drop.js';
import { errorDataOf } from '../api/host-error.js';
import { baseName } from '../format/paths.js';
import { bytes, count } from '../format/numbers.js';
import { appStore } from './app-state.js';
import { api } from './client.js';
import { notify } from './notices.js';
import { addCandidate, applyPreprocessJson, openImages, openLabels, openModel } from './project-actions.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../shared/image-formats.js';

export interface ImportStatus {
  busy: boolean;
  message: string | null;
}

const IMAGE_EXT = /\.(jpe?g|png|webp|tiff?|gif|avif)$/i;

function uploadedPath(paths: readonly string[], name: string): string | null {
  return paths.find((p) => baseName(p) === name) ?? paths[0] ?? null;
}

/** Web: uploads what was dropped and opens it. `status` receives what is happening, for the drop zone. */
export async function importUploads(files: readonly DroppedFile<File>[], status: (s: ImportStatus) => void): Promise<void> {
  const upload = api().upload;
  if (!upload) return;
  const plan = classifyDrop(files);
  try {
    if (plan.models.length === 0 && plan.images.length === 0 && !plan.labels && !plan.preprocess) {
      notify('bad', 'Nothing Parity can use was dropped.', `Drop an .onnx model, image files or a folder of images (${SUPPORTED_IMAGE_FORMATS}).`);
      return;
    }
    const [first, ...others] = plan.models;
    if (first) {
      status({ busy: true, message: `Uploading ${baseName(first.relativePath)}…` });
      const flat = (f: DroppedFile<File>) => ({ relativePath: baseName(f.relativePath), file: f.file });
      const { paths } = await upload([flat(first), ...plan.modelData.map(flat)], 'model');
      const model = uploadedPath(paths, baseName(first.relativePath));
      if (model) await openModel(model, 'upload');
      for (const other of others) {
        const up = await upload([flat(other)], 'model');
        const path = uploadedPath(up.paths, baseName(other.relativePath));
        if (path) addCandidate(path);
      }
    }
    if (plan.images.length > 0) {
      const size = plan.images.reduce((n, f) => n + f.file.size, 0);
      status({ busy: true, message: `Uploading ${count(plan.images.length)} images (${bytes(size)})…` });
      const { root } = await upload(plan.images, 'images');
      await openImages(root);
    }
    if (plan.labels) {
      const { paths } = await upload([{ relativePath: baseName(plan.labels.relativePath), file: plan.labels.file }], 'labels');
      if (paths[0]) await openLabels(paths[0]);
    }
    if (plan.preprocess) {
      const problem = applyPreprocessJson(await plan.preprocess.file.text(), baseName(plan.preprocess.relativePath));
      if (problem) notify('bad', problem, 'A preprocess.json holds fields like {"width": 224, "height": 224, "mean": [0.485, 0.456, 0.406]}.');
    }
    if (plan.ignored.length > 0) {
      const first = plan.ignored[0]!;
      notify('info', `${plan.ignored.length} file${plan.ignored.length === 1 ? '' : 's'} ignored (e.g. ${first.relativePath}: ${first.reason}).`);
    }
  } catch (error) {
    const data = errorDataOf(error);
    notify('bad', data.message, data.hint);
  } finally {
    status({ busy: false, message: null });
  }
}

/** Desktop: opens dropped items by their real paths (files or folders). */
export async function importPaths(items: ReadonlyArray<{ path: string; file: File }>): Promise<void> {
  for (const { path, file } of items) {
    const name = baseName(path);
    try {
      if (/\.onnx$/i.test(name)) {
        if (appStore.get().project.model && appStore.get().inspection?.info) addCandidate(path);
        else await openModel(path, 'drop');
      } else if (/\.txt$/i.test(name)) await openLabels(path);
      else if (/\.json$/i.test(name)) {
        const problem = applyPreprocessJson(await file.text(), name);
        if (problem) notify('bad', problem);
      } else if (IMAGE_EXT.test(name)) {
        const folder = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
        if (await openImages(folder)) notify('info', `Using the folder of ${name}: ${folder}`);
      } else {
        await openImages(path);
      }
    } catch (error) {
      const data = errorDataOf(error);
      notify('bad', data.message, data.hint);
    }
  }
}

/** A path typed by the user ("path on the server" on the web, any path on the desktop). */
export async function importTypedPath(path: string, kind: 'model' | 'images' | 'labels' | 'candidate'): Promise<void> {
  const trimmed = path.trim();
  if (!trimmed) return;
  if (kind === 'model') await openModel(trimmed, 'path');
  else if (kind === 'images') await openImages(trimmed);
  else if (kind === 'labels') await openLabels(trimmed);
  else {
    const stat = await api().statPath({ path: trimmed, kind: 'model' });
    if (!stat.exists || stat.problem) notify('bad', stat.problem ?? `Model not found: ${trimmed}`, 'Check the path on the host.');
    else addCandidate(stat.path);
  }
}
