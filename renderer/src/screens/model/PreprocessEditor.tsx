/** The preprocessing spec as a form: empty fields come from the model (or the defaults), presets for common norms. */
import type { PartialPreprocessSpec } from '../../../../shared/preprocess.js';
import { DEFAULT_PREPROCESS } from '../../../../shared/preprocess.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import { Field, SelectInput } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { Button } from '../../components/Button.js';
import { fixedSize, impliedLayout } from './shape-text.js';
import { GeometryFields, withResize } from './GeometryFields.js';
import type { ProposedPreprocess } from '../../../../shared/model-info.js';

type Triple = [number, number, number];

const PRESETS: ReadonlyArray<{ label: string; title: string; spec: PartialPreprocessSpec }> = [
  { label: 'ImageNet', title: 'x/255, mean 0.485 0.456 0.406, std 0.229 0.224 0.225', spec: { scale: 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } },
  { label: '[−1, 1]', title: '(x/255 − 0.5) / 0.5', spec: { scale: 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } },
  { label: '[0, 1]', title: 'x/255', spec: { scale: 255, mean: [0, 0, 0], std: [1, 1, 1] } },
  { label: 'Raw 0–255', title: 'x, no normalisation', spec: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } },
];

function without(spec: PartialPreprocessSpec, key: keyof PartialPreprocessSpec): PartialPreprocessSpec {
  const next = { ...spec };
  delete next[key];
  return next;
}

function TripleInput({ label, value, fallback, onChange }: { label: string; value: Triple | undefined; fallback: Triple; onChange: (v: Triple | undefined) => void }) {
  const current = value ?? fallback;
  return (
    <Field label={label} hint={value ? undefined : 'default'}>
      {({ id, describedBy }) => (
        <div className="triple" id={id} aria-describedby={describedBy} role="group" aria-label={label}>
          {[0, 1, 2].map((i) => (
            <NumberInput
              key={i}
              aria-label={`${label} channel ${i + 1}`}
              value={value ? current[i]! : null}
              placeholder={String(fallback[i])}
              onValue={(v) => {
                const next: Triple = [...current];
                next[i] = v ?? fallback[i]!;
                onChange(next.every((x, j) => x === fallback[j]) && !value ? undefined : next);
              }}
            />
          ))}
        </div>
      )}
    </Field>
  );
}

export function PreprocessEditor({
  spec,
  input,
  proposal,
  onChange,
}: {
  spec: PartialPreprocessSpec;
  input: TensorSignature | null;
  proposal: ProposedPreprocess | null;
  onChange: (spec: PartialPreprocessSpec) => void;
}) {
  const modelLayout = impliedLayout(input?.shape ?? null);
  const layout = spec.layout ?? modelLayout ?? 'NCHW';
  const fixed = fixedSize(input?.shape ?? null, layout);
  const set = <K extends keyof PartialPreprocessSpec>(key: K, value: PartialPreprocessSpec[K] | undefined) => onChange(value === undefined ? without(spec, key) : { ...spec, [key]: value });

  return (
    <div className="pp-editor">
      <div className="pp-grid">
        <Field label="Width" hint={fixed.width ? 'fixed by the model' : 'the model leaves it open'}>
          {({ id, describedBy }) => (
            <NumberInput id={id} aria-describedby={describedBy} integer min={1} max={16384} value={fixed.width ?? spec.width ?? null} disabled={fixed.width !== null} placeholder="required" onValue={(v) => set('width', v ?? undefined)} />
          )}
        </Field>
        <Field label="Height" hint={fixed.height ? 'fixed by the model' : 'the model leaves it open'}>
          {({ id, describedBy }) => (
            <NumberInput id={id} aria-describedby={describedBy} integer min={1} max={16384} value={fixed.height ?? spec.height ?? null} disabled={fixed.height !== null} placeholder="required" onValue={(v) => set('height', v ?? undefined)} />
          )}
        </Field>
        <Field label="Resize">
          {({ id }) => (
            <SelectInput id={id} value={spec.resize ?? ''} onChange={(e) => onChange(withResize(spec, (e.target.value || undefined) as PartialPreprocessSpec['resize']))}>
              <option value="">stretch (default)</option>
              <option value="stretch">stretch</option>
              <option value="letterbox">letterbox (keep aspect, pad)</option>
              <option value="crop">crop (keep aspect, centre crop)</option>
            </SelectInput>
          )}
        </Field>
        <GeometryFields spec={spec} set={set} />
        <Field label="Colour order">
          {({ id }) => (
            <SelectInput id={id} value={spec.colorOrder ?? ''} onChange={(e) => set('colorOrder', (e.target.value || undefined) as PartialPreprocessSpec['colorOrder'])}>
              <option value="">RGB (default)</option>
              <option value="RGB">RGB</option>
              <option value="BGR">BGR</option>
              <option value="GRAY">GRAY (one channel, BT.601 luma)</option>
            </SelectInput>
          )}
        </Field>
        <Field label="Layout">
          {({ id }) => (
            <SelectInput id={id} value={spec.layout ?? ''} onChange={(e) => set('layout', (e.target.value || undefined) as PartialPreprocessSpec['layout'])}>
              <option value="">{modelLayout ? `${modelLayout} (from the model)` : 'from the model'}</option>
              <option value="NCHW">NCHW</option>
              <option value="NHWC">NHWC</option>
            </SelectInput>
          )}
        </Field>
        <Field label="Scale" hint="pixel / scale, then (− mean) / std">
          {({ id, describedBy }) => (
            <SelectInput id={id} aria-describedby={describedBy} value={spec.scale === undefined ? '' : String(spec.scale)} onChange={(e) => set('scale', e.target.value ? (Number(e.target.value) as 255 | 1) : undefined)}>
              <option value="">255 (default)</option>
              <option value="255">255</option>
              <option value="1">1</option>
            </SelectInput>
          )}
        </Field>
        <TripleInput label="Mean" value={spec.mean} fallback={[...DEFAULT_PREPROCESS.mean]} onChange={(v) => set('mean', v)} />
        <TripleInput label="Std" value={spec.std} fallback={[...DEFAULT_PREPROCESS.std]} onChange={(v) => set('std', v)} />
      </div>
      <div className="row">
        <span className="muted small">Presets</span>
        {PRESETS.map((p) => (
          <Button key={p.label} size="sm" variant="ghost" title={p.title} onClick={() => onChange({ ...spec, ...p.spec })}>
            {p.label}
          </Button>
        ))}
        {proposal && <ProposalButton proposal={proposal} onApply={(proposed) => onChange(proposed)} />}
        <span className="spacer" />
        <Button size="sm" variant="ghost" icon="refresh" onClick={() => onChange({})} disabled={Object.keys(spec).length === 0}>
          Reset to model defaults
        </Button>
      </div>
    </div>
  );
}

/** Applies the spec Parity proposed from the model file; its title lists which fields are guesses. */
function ProposalButton({ proposal, onApply }: { proposal: ProposedPreprocess; onApply: (spec: PartialPreprocessSpec) => void }) {
  const guesses = Object.entries(proposal.fields).filter(([, f]) => f.source === 'guess').map(([k, f]) => `${k}: ${f.why}`);
  const known = Object.entries(proposal.fields).filter(([, f]) => f.source !== 'guess').map(([k, f]) => `${k}: ${f.why}`);
  const title = [`From the model: ${known.join('; ') || 'nothing'}`, `Guesses (check them): ${guesses.join('; ') || 'none'}`].join('\n');
  return (
    <Button size="sm" variant="ghost" title={title} onClick={() => onApply(proposal.spec)} data-testid="apply-proposal">
      Proposed from the model ({guesses.length} guess{guesses.length === 1 ? '' : 'es'})
    </Button>
  );
}
