/** The project the user is working on: a model, an image folder, labels and the preprocessing they set. */
import { z } from 'zod';
import { PartialPreprocessSpecSchema, type PartialPreprocessSpec } from '../../../shared/preprocess.js';
import { PostprocessSpecSchema } from '../../../shared/postprocess.js';

export const ProjectSchema = z.object({
  model: z.string().nullable(),
  images: z.string().nullable(),
  labels: z.string().nullable(),
  /** Fields the user set; the rest come from the model's input when a job runs. */
  preprocess: PartialPreprocessSpecSchema,
  /** A detector's post-processing spec: its runs compare detections; null compares the outputs as tensors. */
  postprocess: PostprocessSpecSchema.nullable().default(null),
  /** Candidate models added by path (converted variants are found from the convert jobs). */
  extraCandidates: z.array(z.string()),
  /** Where the project came from, for the header: "sample", "upload", "path" or "dialog". */
  source: z.string().nullable(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const EMPTY_PROJECT: Project = {
  model: null,
  images: null,
  labels: null,
  preprocess: {},
  postprocess: null,
  extraCandidates: [],
  source: null,
};

const STORAGE_KEY = 'parity.project.v1';

/** The project saved by the last session of this window, or an empty one. */
export function loadProject(storage: Pick<Storage, 'getItem'> | null): Project {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return EMPTY_PROJECT;
    const parsed = ProjectSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : EMPTY_PROJECT;
  } catch {
    return EMPTY_PROJECT;
  }
}

export function saveProject(storage: Pick<Storage, 'setItem'> | null, project: Project): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(project));
  } catch {
    // storage full or disabled: the project then lasts as long as the window
  }
}

/** The spec without fields left empty, ready for a job's `preprocess` parameter (null when nothing is set). */
export function preprocessParam(spec: PartialPreprocessSpec): PartialPreprocessSpec | null {
  const entries = Object.entries(spec).filter(([, v]) => v !== undefined && v !== null);
  return entries.length === 0 ? null : (Object.fromEntries(entries));
}
