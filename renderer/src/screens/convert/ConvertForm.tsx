/** Pick recipes and calibration images, then start one convert job per recipe. */
import { useState } from 'react';
import type { ConvertParams } from '../../../../shared/contract/jobs/convert.js';
import { errorDataOf } from '../../api/host-error.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { startJob } from '../../state/jobs.js';
import { notify } from '../../state/notices.js';
import { api } from '../../state/host.js';
import { preprocessParam } from '../../state/project.js';
import { Button } from '../../components/Button.js';
import { Checkbox, Field, SelectInput, TextInput } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { baseName } from '../../format/paths.js';
import { count } from '../../format/numbers.js';
import { availableRecipes, convertChoices, convertTakes, needsCalibration, recipeDescription } from './recipes.js';

export function ConvertForm() {
  const project = useSelect(appStore, (s) => s.project);
  const imagesCheck = useSelect(appStore, (s) => s.imagesCheck);
  const recipes = availableRecipes();
  const [selected, setSelected] = useState<string[]>(() => (recipes.includes('int8-static') && project.images ? ['int8-static'] : [recipes[0]!]));
  const [calibFolder, setCalibFolder] = useState('');
  const [calibSize, setCalibSize] = useState<number | null>(null);
  const [calibMethod, setCalibMethod] = useState('');
  const [hardwareSpecific, setHardwareSpecific] = useState(false);
  const [busy, setBusy] = useState(false);

  const calibNeeded = selected.some(needsCalibration) && convertTakes('calib');
  const calibPath = calibFolder.trim() || project.images;
  const methods = convertChoices('calibMethod');
  const missingCalib = calibNeeded && !calibPath;

  const start = async () => {
    if (!project.model) return;
    setBusy(true);
    try {
      if (calibNeeded && calibFolder.trim()) {
        const stat = await api().statPath({ path: calibFolder.trim(), kind: 'images' });
        if (!stat.exists || stat.problem) throw new Error(stat.problem ?? `Calibration folder not found: ${calibFolder}`);
      }
      for (const recipe of selected) {
        // Options are sent only when the engine's contract has them; the host picks the output path.
        const params: Record<string, unknown> = { model: project.model, recipe };
        if (convertTakes('hardwareSpecific') && recipe === 'optimized') params.hardwareSpecific = hardwareSpecific;
        if (needsCalibration(recipe) && convertTakes('calib')) {
          params.calib = calibPath;
          if (calibSize !== null && convertTakes('calibSize')) params.calibSize = calibSize;
          if (calibMethod && convertTakes('calibMethod')) params.calibMethod = calibMethod;
        }
        const pp = preprocessParam(project.preprocess);
        if (pp && convertTakes('preprocess')) params.preprocess = pp;
        await startJob('convert', params as ConvertParams, `convert ${baseName(project.model)} → ${recipe}`);
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
        {recipes.map((r) => (
          <Checkbox key={r} label={<span className="mono">{r}</span>} hint={recipeDescription(r)} checked={selected.includes(r)} onChange={(on) => setSelected(on ? [...selected, r] : selected.filter((s) => s !== r))} />
        ))}
      </fieldset>
      {calibNeeded && (
        <div className="calib">
          <Field label="Calibration images" hint={calibFolder.trim() ? 'a folder on the host' : project.images ? `the project's images (${imagesCheck?.imageCount !== null && imagesCheck?.imageCount !== undefined ? count(imagesCheck.imageCount) : '?'} images); type a path to use another folder` : 'add images on Start, or type a folder path'}>
            {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} value={calibFolder} onChange={(e) => setCalibFolder(e.target.value)} placeholder={project.images ?? '/data/calibration'} />}
          </Field>
          <div className="form-row">
            {convertTakes('calibSize') && (
              <Field label="At most" hint="images, a seeded random subset">
                {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} value={calibSize} placeholder="500" onValue={setCalibSize} className="w-num" />}
              </Field>
            )}
            {methods.length > 0 && (
              <Field label="Method">
                {({ id }) => (
                  <SelectInput id={id} value={calibMethod} onChange={(e) => setCalibMethod(e.target.value)}>
                    <option value="">{methods[0]} (default)</option>
                    {methods.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </SelectInput>
                )}
              </Field>
            )}
          </div>
        </div>
      )}
      {selected.includes('optimized') && convertTakes('hardwareSpecific') && (
        <Checkbox label="Allow CPU-specific optimizations" hint="Faster on this machine, may not load or be slower elsewhere (ORT level 'all')." checked={hardwareSpecific} onChange={setHardwareSpecific} />
      )}
      <div className="row">
        <Button variant="primary" icon="play" busy={busy} disabled={selected.length === 0 || missingCalib || !project.model} onClick={() => void start()}>
          Convert{selected.length > 1 ? ` (${selected.length} recipes)` : ''}
        </Button>
        {missingCalib && <span className="bad small">int8-static needs calibration images: add images on Start or type a folder.</span>}
      </div>
    </div>
  );
}
