/** The Convert screen's search options as typed, and the search request they make (or what is wrong with them). */
import { DEFAULT_SEARCH_BUDGET_SECONDS, type SearchRequest } from '../../../../shared/contract/jobs/convert-search.js';
import { ParityError } from '../../../../shared/errors.js';
import { parseGateSpec } from '../../../../shared/gate-spec.js';
import { parsePerturbationList, type Severity } from '../../../../shared/perturbations/index.js';

export interface SearchDraft {
  enabled: boolean;
  target: string;
  budgetSeconds: number | null;
  /** Validation folder; empty: hold out part of the calibration images. */
  val: string;
  /** Perturbation names, comma-separated; empty: clean only. */
  perturb: string;
  severity: Severity;
}

export const EMPTY_SEARCH: SearchDraft = { enabled: false, target: 'top1Agreement>=0.99', budgetSeconds: null, val: '', perturb: '', severity: 3 };

export type SearchParams = Pick<SearchRequest, 'target' | 'targetText'> & Partial<SearchRequest>;

/** The request, or the message of the first problem; `labels` is passed on when the target needs it (accuracy). */
export function searchRequestOf(draft: SearchDraft, labels: string | null): { ok: true; value: SearchParams } | { ok: false; message: string } {
  let target;
  try {
    target = parseGateSpec(draft.target);
  } catch (error) {
    return { ok: false, message: error instanceof ParityError ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : String(error) };
  }
  if (target.length === 0) return { ok: false, message: 'Give a target, e.g. top1Agreement>=0.99.' };
  const needsLabels = target.some((c) => c.metric === 'accuracy' || c.metric === 'accuracyDelta');
  if (needsLabels && labels === null) return { ok: false, message: 'An accuracy target needs labels: add labels.txt on Start.' };
  const value: SearchParams = { target, targetText: draft.target.trim(), budgetSeconds: draft.budgetSeconds ?? DEFAULT_SEARCH_BUDGET_SECONDS };
  if (needsLabels && labels !== null) value.labels = labels;
  if (draft.val.trim() !== '') value.val = draft.val.trim();
  if (draft.perturb.trim() !== '') {
    const names = parsePerturbationList(draft.perturb);
    if (!names.ok) return { ok: false, message: `${names.problem.message} ${names.problem.hint}` };
    value.perturb = names.value;
    value.severity = draft.severity;
  }
  return { ok: true, value };
}
