/** The fields that only mean something for one resize mode: letterbox anchor and pad, crop fraction. */
import type { PartialPreprocessSpec } from '../../../../shared/preprocess.js';
import { DEFAULT_LETTERBOX_PAD } from '../../../../shared/preprocess.js';
import { Field, SelectInput } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';

type Setter = <K extends keyof PartialPreprocessSpec>(key: K, value: PartialPreprocessSpec[K] | undefined) => void;

export function GeometryFields({ spec, set }: { spec: PartialPreprocessSpec; set: Setter }) {
  if (spec.resize === 'letterbox') {
    const pad = spec.pad;
    return (
      <>
        <Field label="Anchor" hint="where the image sits in the padded input">
          {({ id, describedBy }) => (
            <SelectInput id={id} aria-describedby={describedBy} value={spec.anchor ?? ''} onChange={(e) => set('anchor', (e.target.value || undefined) as PartialPreprocessSpec['anchor'])}>
              <option value="">centre (default)</option>
              <option value="center">centre</option>
              <option value="top-left">top-left (pad right and below: YOLOX, NudeNet)</option>
            </SelectInput>
          )}
        </Field>
        <Field label="Pad" hint={Array.isArray(pad) ? `per channel [${pad.join(', ')}] (from the spec file)` : '0–255, the value of the padding'}>
          {({ id, describedBy }) => (
            <NumberInput
              id={id}
              aria-describedby={describedBy}
              integer
              min={0}
              max={255}
              value={typeof pad === 'number' ? pad : null}
              placeholder={Array.isArray(pad) ? 'per channel' : `${DEFAULT_LETTERBOX_PAD} (default)`}
              onValue={(v) => set('pad', v ?? undefined)}
            />
          )}
        </Field>
      </>
    );
  }
  if (spec.resize === 'crop') {
    return (
      <Field label="Crop fraction" hint="share kept: 0.875 = shorter side 256, centre crop 224 (ImageNet evaluation)">
        {({ id, describedBy }) => (
          <NumberInput id={id} aria-describedby={describedBy} min={0.05} max={1} value={spec.cropFraction ?? null} placeholder="1 (default)" onValue={(v) => set('cropFraction', v ?? undefined)} />
        )}
      </Field>
    );
  }
  return null;
}

/** Changing the resize mode drops the fields of the previous mode (the engine refuses them with another mode). */
export function withResize(spec: PartialPreprocessSpec, resize: PartialPreprocessSpec['resize']): PartialPreprocessSpec {
  const next: PartialPreprocessSpec = { ...spec };
  delete next.resize;
  if (resize !== 'letterbox') {
    delete next.anchor;
    delete next.pad;
  }
  if (resize !== 'crop') delete next.cropFraction;
  return resize === undefined ? next : { ...next, resize };
}
