/** Pick recipes and calibration images, then start one convert job per recipe. */
import { useState } from 'react';
import { CALIBRATION_METHODS, RECIPES, type CalibrationMethod, type Recipe } from '../../../../shared/contract/jobs/convert.js';
import { errorDataOf } from '../../api/host-error.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { startJob } from '../../state/jobs.js';
import { notify } from '../../state/notices.js';
import { api } from '../../state/client.js';
import { preprocessParam } from '../../state/project.js';
import { Button } from '../../components/Button.js';
import { Checkbox, Field, SelectInput, TextInput } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { baseName } from '../../format/paths.js';
import { count } from '../../format/numbers.js';
import { needsCalibration, recipeDescription } from './recipes.js';
import { useJobsOfKind } from '../../state/use-jobs.js';
import { SearchFields } from './SearchFields.js';
import { EMPTY_SEARCH, searchRequestOf, type SearchDraft } from './search-draft.js';

export function ConvertForm() {
  const project = useSelect(appStore, (s) => s.project);
  const imagesCheck = useSelect(appStore, (s) => s.imagesCheck);
  const [selected, setSelected] = useState<Recipe[]>(() => (project.images ? ['int8-static'] : ['optimized']));
  const [calibFolder, setCalibFolder] = useState('');
  const [calibSize, setCalibSize] = useState<number | null>(null);
  const [calibMethod, setCalibMethod] = useState<CalibrationMethod | ''>('');
  const [hardwareSpecific, setHardwareSpecific] = useState(false);
  const [busy, setBusy] = useState(false);
  const [calibError, setCalibError] = useState<string | null>(null);
  const convertJobs = useJobsOfKind('convert');
  // One conversion of this model at a time: a second click would queue the same work again.
  const running = convertJobs.some((j) => (j.status === 'running' || j.status === 'queued') && (j.params as { model?: unknown } | null)?.model === project.model);
  const [searchDraft, setSearchDraft] = useState<SearchDraft>(EMPTY_SEARCH);
  const searching = searchDraft.enabled && selected.includes('int8-static');
  const search = searching ? searchRequestOf(searchDraft, project.labels) : null;
  const searchProblem = search !== null && !search.ok ? search.message : null;

  const calibNeeded = selected.some(needsCalibration);
  const calibPath = calibFolder.trim() || project.images;
  const missingCalib = calibNeeded && !calibPath;

  const start = async () => {
    if (!project.model) return;
    setBusy(true);
    setCalibError(null);
    try {
      if (calibFolder.trim()) {
        // Said at the field, with the path: a toast "No such file or folder." did not say which one.
        const stat = await api().statPath({ path: calibFolder.trim(), kind: 'images' });
        if (!stat.exists || stat.problem) {
          setCalibError(`${stat.path}: ${stat.problem ?? 'not found.'}`);
          return;
        }
      }
      for (const recipe of selected) {
        // The host picks the output path.
        const pp = preprocessParam(project.preprocess);
        const params = {
          model: project.model,
          recipe,
          ...(recipe === 'optimized' ? { hardwareSpecific } : {}),
          // Recipes without calibration time and check the variant on the first image rather than a grey one.
          ...(needsCalibration(recipe) ? { calib: calibPath, ...(calibSize !== null ? { calibSize } : {}), ...(calibMethod ? { calibMethod } : {}) } : calibPath ? { calib: calibPath } : {}),
          ...(pp ? { preprocess: pp } : {}),
          ...(recipe === 'int8-static' && search?.ok ? { search: search.value } : {}),
        };
        const what = recipe === 'int8-static' && search?.ok ? `${recipe} search for ${search.value.targetText}` : recipe;
        await startJob('convert', params, `convert ${baseName(project.model)} → ${what}`);
      }
    } catch (e) {
      const data = errorDataOf(e);
      notify('bad', data.message, data.hint);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      <fieldset className="recipe-list">
        <legend className="field-label">Recipes</legend>
        {RECIPES.map((r) => (
          <Checkbox key={r} label={<span className="mono">{r}</span>} hint={recipeDescription(r)} checked={selected.includes(r)} onChange={(on) => setSelected(on ? [...selected, r] : selected.filter((s) => s !== r))} />
        ))}
      </fieldset>
      {calibNeeded && (
        <div className="calib">
          <Field label="Calibration images" error={calibError} hint={calibFolder.trim() ? 'a folder on the host' : project.images ? `the project's images (${imagesCheck?.imageCount !== null && imagesCheck?.imageCount !== undefined ? count(imagesCheck.imageCount) : '?'} images); type a path to use another folder` : 'add images on Start, or type a folder path'}>
            {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} value={calibFolder} onChange={(e) => {
                  setCalibFolder(e.target.value);
                  setCalibError(null);
                }} placeholder={project.images ?? '/data/calibration'} />}
          </Field>
          <div className="form-row">
            <Field label="At most" hint="images, a seeded random subset">
              {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} value={calibSize} placeholder="500" onValue={setCalibSize} className="w-num" />}
            </Field>
            <Field label="Method">
              {({ id }) => (
                <SelectInput id={id} value={calibMethod} onChange={(e) => setCalibMethod(e.target.value as CalibrationMethod | '')}>
                  <option value="">{CALIBRATION_METHODS[0]} (default)</option>
                  {CALIBRATION_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </SelectInput>
              )}
            </Field>
          </div>
        </div>
      )}
      {selected.includes('int8-static') && <SearchFields draft={searchDraft} onChange={setSearchDraft} problem={searchProblem} />}
      {selected.includes('optimized') && (
        <Checkbox label="Allow CPU-specific optimizations" hint="Faster on this machine, may not load or be slower elsewhere (ORT level 'all')." checked={hardwareSpecific} onChange={setHardwareSpecific} />
      )}
      <div className="row">
        <Button variant="primary" icon="play" busy={busy} disabled={selected.length === 0 || missingCalib || !project.model || running || searchProblem !== null} onClick={() => void start()}>
          Convert{selected.length > 1 ? ` (${selected.length} recipes)` : ''}
        </Button>
        {running && <span className="muted small">A conversion of this model is running: wait for it or cancel it below.</span>}
        {missingCalib && <span className="bad small">int8-static needs calibration images: add images on Start or type a folder.</span>}
      </div>
    </div>
  );
}
