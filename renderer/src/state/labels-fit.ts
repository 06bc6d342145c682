/** Whether the project's labels fit its model: the same check the engine makes before a run, made at Start and Run. */
import type { ParityErrorData } from '../../../shared/errors.js';
import { checkLabelsFit } from '../../../shared/labels.js';
import type { AppState } from './app-state.js';

export interface LabelsFitView {
  /** Why the labels cannot be used with this model (a run with them would be refused). */
  error: ParityErrorData | null;
  /** Shown beside the labels when the model's class count is symbolic. */
  warning: string | null;
}

const FITS: LabelsFitView = { error: null, warning: null };

/** The labels' fit as far as it is known yet (the model inspected and the labels read); unknown parts pass. */
export function labelsFitOf(state: Pick<AppState, 'project' | 'inspection' | 'labelsCheck'>): LabelsFitView {
  const { project, inspection, labelsCheck } = state;
  if (!project.labels || !labelsCheck || labelsCheck.path !== project.labels) return FITS;
  if (labelsCheck.problem) return { error: { code: 'BAD_OPTION', message: labelsCheck.problem, hint: 'Choose another labels file, or remove it to measure agreement only.' }, warning: null };
  const info = inspection?.model === project.model ? inspection.info : null;
  if (!info || labelsCheck.count === null) return FITS;
  const fit = checkLabelsFit(labelsCheck.count, info.outputs, project.labels);
  return fit.ok ? { error: null, warning: fit.warning } : { error: fit.error.toData(), warning: null };
}
