/** Perturbations from the shared catalog, grouped by family, with severities 1–5 and the seed. */
import { PERTURBATION_NAMES, SEVERITIES, perturbationInfo, type PerturbationName } from '../../../../shared/perturbations/index.js';
import { Checkbox, Field, ToggleGroup } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { Button } from '../../components/Button.js';

const FAMILY_TITLES: Readonly<Record<string, string>> = {
  noise: 'Noise',
  blur: 'Blur',
  weather: 'Weather',
  digital: 'Digital',
  occlusion: 'Occlusion',
};

export function PerturbationPicker({
  selected,
  onSelected,
  severities,
  onSeverities,
  seed,
  onSeed,
}: {
  selected: readonly string[];
  onSelected: (names: string[]) => void;
  severities: readonly number[];
  onSeverities: (severities: number[]) => void;
  seed: number;
  onSeed: (seed: number) => void;
}) {
  const families = new Map<string, PerturbationName[]>();
  for (const name of PERTURBATION_NAMES) {
    const family = perturbationInfo(name).family;
    families.set(family, [...(families.get(family) ?? []), name]);
  }
  const toggle = (name: string, on: boolean) => onSelected(on ? PERTURBATION_NAMES.filter((n) => n === name || selected.includes(n)) : selected.filter((n) => n !== name));

  return (
    <div className="stack">
      <div className="row">
        <span className="muted small">{selected.length === 0 ? 'None selected: clean images only.' : `${selected.length} of ${PERTURBATION_NAMES.length} selected · ${selected.length * severities.length} runs over the images`}</span>
        <span className="spacer" />
        <Button size="sm" variant="ghost" onClick={() => onSelected(['fog', 'occlusion_patch', 'occlusion_branches', 'gaussian_noise', 'defocus_blur', 'jpeg_compression'].filter((n) => PERTURBATION_NAMES.includes(n as PerturbationName)))}>
          Common set
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onSelected([...PERTURBATION_NAMES])}>
          All
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onSelected([])} disabled={selected.length === 0}>
          None
        </Button>
      </div>
      <div className="perturb-families">
        {[...families].map(([family, names]) => (
          <fieldset key={family} className="perturb-family">
            <legend>{FAMILY_TITLES[family] ?? family}</legend>
            {names.map((name) => {
              const info = perturbationInfo(name);
              return (
                <div key={name} title={`${info.description} Higher severity: ${info.severityMeaning}.`}>
                  <Checkbox label={info.title} checked={selected.includes(name)} onChange={(on) => toggle(name, on)} name={name} />
                </div>
              );
            })}
          </fieldset>
        ))}
      </div>
      <div className="form-row">
        <div className="field">
          <span className="field-label">Severities</span>
          <ToggleGroup label="Severities" options={SEVERITIES} selected={severities as (1 | 2 | 3 | 4 | 5)[]} onChange={onSeverities} />
          <p className="field-hint">1 mild … 5 strong (ImageNet-C levels)</p>
        </div>
        <Field label="Seed" hint="same seed, same perturbed pixels">
          {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={0} max={4294967295} value={seed} onValue={(v) => onSeed(v ?? 0)} className="w-num" />}
        </Field>
      </div>
    </div>
  );
}
