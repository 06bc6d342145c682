/** The app's state: host info, jobs as the host reports them, the project, runs and notices. */
import type { AppInfo, JobSnapshot, RecentProject, RunListing } from '../../../shared/contract/host-api.js';
import type { ParityErrorData } from '../../../shared/errors.js';
import type { ModelInfo } from '../../../shared/model-info.js';
import { createStore } from './store.js';
import { loadProject, type Project } from './project.js';
import { loadVariants, type SavedVariant } from './saved-variants.js';

export interface ModelInspection {
  model: string;
  jobId: string | null;
  info: ModelInfo | null;
  error: ParityErrorData | null;
  /** The input shape FLOPs were counted at, when the model's own shape is symbolic. */
  flopsShape?: number[] | null;
}

export interface ImagesCheck {
  path: string;
  imageCount: number | null;
  isDirectory: boolean;
  problem: string | null;
}

/** The project's labels file as the host read it: how many class names it gives, or why it cannot be used. */
export interface LabelsCheck {
  path: string;
  count: number | null;
  problem: string | null;
}

export interface Notice {
  id: number;
  tone: 'info' | 'good' | 'bad';
  message: string;
  hint?: string | undefined;
  /** A link to where the notice's subject is (e.g. the finished run's results). */
  action?: { label: string; href: string } | undefined;
}

export interface AppState {
  connection: 'connecting' | 'ready' | 'failed';
  connectionError: ParityErrorData | null;
  info: AppInfo | null;
  engine: { state: 'ready' | 'crashed' | 'restarted'; message?: string | undefined } | null;
  /** Compare and convert jobs (the kinds screens list); other kinds only resolve their callers. */
  jobs: Readonly<Record<string, JobSnapshot>>;
  /** Converted variants seen in this or an earlier session of this window. */
  savedVariants: readonly SavedVariant[];
  project: Project;
  inspection: ModelInspection | null;
  imagesCheck: ImagesCheck | null;
  labelsCheck: LabelsCheck | null;
  runs: readonly RunListing[] | null;
  recent: readonly RecentProject[];
  notices: readonly Notice[];
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const appStore = createStore<AppState>({
  connection: 'connecting',
  connectionError: null,
  info: null,
  engine: null,
  jobs: {},
  savedVariants: loadVariants(localStorageOrNull()),
  project: loadProject(localStorageOrNull()),
  inspection: null,
  imagesCheck: null,
  labelsCheck: null,
  runs: null,
  recent: [],
  notices: [],
});

export const projectStorage = localStorageOrNull;
