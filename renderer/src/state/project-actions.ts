/** What the user does to the project: open a model, images, labels, a preprocessing file, the sample, a recent one. */
import { PartialPreprocessSpecSchema, type PartialPreprocessSpec } from '../../../shared/preprocess.js';
import type { PostprocessSpec } from '../../../shared/postprocess.js';
import type { ParityErrorData } from '../../../shared/errors.js';
import type { RecentProject } from '../../../shared/contract/host-api.js';
import { errorDataOf } from '../api/host-error.js';
import { baseName } from '../format/paths.js';
import { appStore, projectStorage } from './app-state.js';
import { api } from './client.js';
import { runJob } from './jobs.js';
import { notify } from './notices.js';
import { concreteInputShape } from './input-shape.js';
import { EMPTY_PROJECT, saveProject, type Project } from './project.js';

function updateProject(patch: Partial<Project>): void {
  appStore.set((s) => ({ project: { ...s.project, ...patch } }));
  saveProject(projectStorage(), appStore.get().project);
}

async function remember(): Promise<void> {
  const { model, images, labels } = appStore.get().project;
  if (!model) return;
  try {
    await api().addRecent({ model, images, labels });
    appStore.set({ recent: await api().listRecent({}) });
  } catch {
    // recent projects are a convenience: never block the user on them
  }
}

/** Inspects the project's model; the figures (or the error with its hint) land in state.inspection. */
export async function inspectProjectModel(): Promise<void> {
  const model = appStore.get().project.model;
  if (!model) return;
  appStore.set({ inspection: { model, jobId: null, info: null, error: null } });
  let error: ParityErrorData;
  try {
    const stat = await api().statPath({ path: model, kind: 'model' });
    if (!stat.exists || stat.problem) {
      error = {
        code: 'BAD_OPTION',
        message: stat.problem ?? `Model not found: ${model}`,
        hint: 'Check the path, or drop the .onnx file again.',
      };
    } else {
      const info = await runJob('inspect', { model }, `inspect ${baseName(model)}`);
      if (appStore.get().project.model === model) appStore.set({ inspection: { model, jobId: null, info, error: null, flopsShape: null } });
      await recountFlops();
      return;
    }
  } catch (e) {
    error = errorDataOf(e);
  }
  if (appStore.get().project.model === model) appStore.set({ inspection: { model, jobId: null, info: null, error } });
}

/**
 * Symbolic height/width leave FLOPs unknown: counts them again at the size the preprocessing gives (when it gives
 * one that differs from the size they were last counted at).
 */
export async function recountFlops(): Promise<void> {
  const { inspection, project } = appStore.get();
  const info = inspection?.info;
  const input = info?.inputs[0];
  if (!inspection || !info || !input || inspection.model !== project.model) return;
  const shape = concreteInputShape(input, project.preprocess);
  if (!shape || (inspection.flopsShape && inspection.flopsShape.join('x') === shape.join('x'))) return;
  if (info.flops !== null && !inspection.flopsShape) return; // the model's own shape is concrete
  const sized = await runJob('inspect', { model: inspection.model, inputShapes: { [input.name]: shape } }, `inspect ${baseName(inspection.model)}`).catch(() => null);
  const now = appStore.get().inspection;
  if (sized && now?.model === inspection.model && now.info) appStore.set({ inspection: { ...now, info: { ...now.info, flops: sized.flops, flopsUnknownNodes: sized.flopsUnknownNodes }, flopsShape: shape } });
}

/** Sets the reference model (a path on the host) and inspects it. */
export async function openModel(path: string, source: string): Promise<void> {
  // A different model starts from its own input signature: the previous model's preprocessing may not apply.
  const same = appStore.get().project.model === path;
  updateProject({ model: path, source, extraCandidates: [], preprocess: same ? appStore.get().project.preprocess : {}, postprocess: same ? appStore.get().project.postprocess : null });
  await inspectProjectModel();
  if (!appStore.get().inspection?.error) await remember();
}

/** Checks an images folder (or file) on the host and sets it. */
export async function openImages(path: string): Promise<boolean> {
  try {
    const stat = await api().statPath({ path, kind: 'images' });
    appStore.set({ imagesCheck: { path: stat.path, imageCount: stat.imageCount, isDirectory: stat.isDirectory, problem: stat.exists ? stat.problem : `Not found: ${path}` } });
    if (!stat.exists || stat.problem) return false;
    updateProject({ images: stat.path });
    await remember();
    return true;
  } catch (error) {
    const data = errorDataOf(error);
    appStore.set({ imagesCheck: { path, imageCount: null, isDirectory: false, problem: data.message } });
    return false;
  }
}

/** Sets the labels file (or removes it with null); its class count is checked against the model at once. */
export async function openLabels(path: string | null): Promise<void> {
  if (path === null) {
    updateProject({ labels: null });
    appStore.set({ labelsCheck: null });
    return;
  }
  try {
    const stat = await api().statPath({ path, kind: 'labels' });
    if (!stat.exists || stat.problem) {
      notify('bad', stat.problem ?? `Labels file not found: ${path}`, 'A labels file has one class name per line, in the model output order.');
      return;
    }
    appStore.set({ labelsCheck: { path: stat.path, count: stat.labelCount ?? null, problem: stat.problem } });
    updateProject({ labels: stat.path });
    await remember();
  } catch (error) {
    const data = errorDataOf(error);
    notify('bad', data.message, data.hint);
  }
}

/** Reads the project's labels file again (start-up, a recent project): its count feeds the check at Start and Run. */
export async function checkProjectLabels(): Promise<void> {
  const labels = appStore.get().project.labels;
  if (!labels) {
    appStore.set({ labelsCheck: null });
    return;
  }
  try {
    const stat = await api().statPath({ path: labels, kind: 'labels' });
    const problem = stat.exists ? stat.problem : `Labels file not found: ${labels}`;
    if (appStore.get().project.labels === labels) appStore.set({ labelsCheck: { path: labels, count: stat.labelCount ?? null, problem } });
  } catch (error) {
    if (appStore.get().project.labels === labels) appStore.set({ labelsCheck: { path: labels, count: null, problem: errorDataOf(error).message } });
  }
}

/** Sets the user's preprocessing fields (the rest comes from the model). */
export function setPreprocess(spec: PartialPreprocessSpec): void {
  updateProject({ preprocess: spec });
}

/** Sets a detector's post-processing spec (null: compare the outputs as tensors). */
export function setPostprocess(spec: PostprocessSpec | null): void {
  updateProject({ postprocess: spec });
}

/** Reads a preprocess.json the user dropped; returns an error message when it is not a valid spec. */
export function applyPreprocessJson(text: string, name: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `${name} is not valid JSON.`;
  }
  const parsed = PartialPreprocessSpecSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${name} is not a preprocessing spec (${issue ? `${issue.path.join('.') || 'spec'}: ${issue.message}` : 'invalid'}).`;
  }
  setPreprocess(parsed.data);
  return null;
}

export function addCandidate(path: string): void {
  const { extraCandidates } = appStore.get().project;
  if (!extraCandidates.includes(path)) updateProject({ extraCandidates: [...extraCandidates, path] });
}

export function removeCandidate(path: string): void {
  updateProject({ extraCandidates: appStore.get().project.extraCandidates.filter((p) => p !== path) });
}

/** Opens the built-in sample: the text-orientation classifier, its labelled images and preprocessing. */
export async function openSample(): Promise<void> {
  const sample = await runJob('sample', {}, 'open the sample');
  updateProject({ ...EMPTY_PROJECT, model: sample.modelPath, labels: sample.labelsPath, preprocess: sample.preprocess, source: 'sample' });
  await checkProjectLabels();
  await openImages(sample.imagesDir);
  await inspectProjectModel();
  await remember();
}

export async function openRecent(recent: RecentProject): Promise<void> {
  updateProject({ ...EMPTY_PROJECT, model: recent.model, labels: recent.labels, source: 'recent' });
  await checkProjectLabels();
  if (recent.images) await openImages(recent.images);
  else appStore.set({ imagesCheck: null });
  await inspectProjectModel();
}

export function closeProject(): void {
  updateProject(EMPTY_PROJECT);
  appStore.set({ inspection: null, imagesCheck: null, labelsCheck: null });
}
