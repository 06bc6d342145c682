/** The search options of int8-static: a target, a budget, where to validate, optional perturbations. */
import { DEFAULT_HELD_OUT_SHARE, DEFAULT_SEARCH_BUDGET_SECONDS } from '../../../../shared/contract/jobs/convert-search.js';
import { SEVERITIES, type Severity } from '../../../../shared/perturbations/index.js';
import { Checkbox, Field, SelectInput, TextInput } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import type { SearchDraft } from './search-draft.js';

export function SearchFields({ draft, onChange, problem }: { draft: SearchDraft; onChange: (draft: SearchDraft) => void; problem: string | null }) {
  const set = (patch: Partial<SearchDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="search-fields" aria-label="Search">
      <Checkbox
        label="Search for the fastest int8 variant that meets a target"
        hint="Tries calibration methods, weight granularity and keeping the most sensitive nodes in float; each candidate is checked on validation images and timed against the original on this machine."
        checked={draft.enabled}
        onChange={(enabled) => set({ enabled })}
      />
      {draft.enabled && (
        <div className="stack">
          <div className="form-row">
            <Field label="Target" hint="any key of the report's clean summary, e.g. top1Agreement>=0.99, iou>=0.95, accuracy>=0.75" error={problem}>
              {({ id, describedBy, invalid }) => <TextInput id={id} aria-describedby={describedBy} aria-invalid={invalid} value={draft.target} onChange={(e) => set({ target: e.target.value })} className="w-target" />}
            </Field>
            <Field label="Budget" hint="seconds">
              {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} value={draft.budgetSeconds} placeholder={String(DEFAULT_SEARCH_BUDGET_SECONDS)} onValue={(budgetSeconds) => set({ budgetSeconds })} className="w-num" />}
            </Field>
          </div>
          <Field label="Validation images" hint={`a folder on the host; empty: ${Math.round(DEFAULT_HELD_OUT_SHARE * 100)}% of the calibration images are held out (and not calibrated on)`}>
            {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} value={draft.val} onChange={(e) => set({ val: e.target.value })} placeholder="held out of the calibration images" />}
          </Field>
          <div className="form-row">
            <Field label="Also under perturbations" hint="names, comma-separated (e.g. fog,gaussian_noise); empty: clean images only">
              {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} value={draft.perturb} onChange={(e) => set({ perturb: e.target.value })} placeholder="fog,gaussian_noise" />}
            </Field>
            <Field label="Severity">
              {({ id }) => (
                <SelectInput id={id} value={draft.severity} onChange={(e) => set({ severity: Number(e.target.value) as Severity })}>
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </SelectInput>
              )}
            </Field>
          </div>
        </div>
      )}
    </fieldset>
  );
}
