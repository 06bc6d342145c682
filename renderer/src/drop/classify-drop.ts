/**
 * Sorts what the user dropped into the project's parts: models (.onnx), a labels file, a preprocessing spec and
 * images. A dropped folder is the images root; when its images all sit in one "images" subfolder (the layout of
 * Parity's samples: images/<class>/…, labels.txt, preprocess.json), that subfolder becomes the root.
 */

export interface DroppedFile<F = unknown> {
  /** "/"-separated, relative to what was dropped (a dropped folder's own name first). */
  relativePath: string;
  file: F;
}

export interface DropPlan<F = unknown> {
  models: DroppedFile<F>[];
  /** External-data files (weights beside a model), uploaded into the model's folder. */
  modelData: DroppedFile<F>[];
  labels: DroppedFile<F> | null;
  preprocess: DroppedFile<F> | null;
  /** Relative paths already re-rooted at the images root. */
  images: DroppedFile<F>[];
  /** Files that are none of the above, with the reason (shown to the user). */
  ignored: Array<{ relativePath: string; reason: string }>;
}

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'gif', 'avif']);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function depthOf(path: string): number {
  return path.split('/').length - 1;
}

/** The common first folder of every path, or null. */
function commonTop(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : null)));
  if (tops.size !== 1) return null;
  const [top] = [...tops];
  return top ?? null;
}

/** Classifies dropped files (see the file comment); pure, so it is tested without a DOM. */
export function classifyDrop<F>(files: readonly DroppedFile<F>[]): DropPlan<F> {
  const plan: DropPlan<F> = { models: [], modelData: [], labels: null, preprocess: null, images: [], ignored: [] };
  const normalised = files.map((f) => ({ ...f, relativePath: f.relativePath.replace(/\\/g, '/').replace(/^\/+/, '') }));
  for (const f of normalised) {
    const name = nameOf(f.relativePath);
    const ext = extensionOf(name);
    // Project files sit loose (depth 0) or at the top of a dropped folder (depth 1), never inside image folders.
    const shallow = depthOf(f.relativePath) <= 1;
    if (name.startsWith('.')) continue;
    if (ext === 'onnx') plan.models.push(f);
    else if (ext === 'txt' && shallow && /label|class/i.test(name) && !plan.labels) plan.labels = f;
    else if (ext === 'json' && shallow && /preprocess/i.test(name) && !plan.preprocess) plan.preprocess = f;
    else if (IMAGE_EXTENSIONS.has(ext)) plan.images.push(f);
    else if (ext === 'data' || ext === 'onnx_data' || ext === 'bin') plan.modelData.push(f);
    else plan.ignored.push({ relativePath: f.relativePath, reason: ext ? `.${ext} is not a model, image, labels or preprocess file` : 'no file extension' });
  }
  plan.images = reRoot(plan.images);
  return plan;
}

/** Drops the dropped folder's own name, then a single "images" folder, so class folders sit at the root. */
function reRoot<F>(images: DroppedFile<F>[]): DroppedFile<F>[] {
  let current = images;
  const strip = (top: string): DroppedFile<F>[] => current.map((f) => ({ ...f, relativePath: f.relativePath.slice(top.length + 1) }));
  const folder = commonTop(current.map((f) => f.relativePath));
  if (folder !== null && current.every((f) => depthOf(f.relativePath) >= 1)) {
    current = strip(folder);
    const inner = commonTop(current.map((f) => f.relativePath));
    if (inner !== null && /^images?$/i.test(inner)) current = strip(inner);
  }
  return current;
}
