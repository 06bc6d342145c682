/**
 * Drift: does the field data still look like the data the model was checked on? Two folders (the project's images
 * as the reference by default), optionally the model and a candidate, a gate; the check runs as a job with progress
 * and cancel, and its result is shown as drift.json has it.
 */
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { DriftParamsSchema, DriftResultSchema } from '../../../../shared/contract/jobs/drift.js';
import { parseDriftGateSpec, MODEL_GATE_METRICS } from '../../../../shared/drift/gate-spec.js';
import { errorDataOf } from '../../api/host-error.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { useJobsOfKind } from '../../state/use-jobs.js';
import { startJob } from '../../state/jobs.js';
import { api } from '../../state/client.js';
import { preprocessParam } from '../../state/project.js';
import { usePersistentState } from '../../hooks/use-persistent-state.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { Checkbox, Field, SelectInput, TextInput } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { EmptyState } from '../../components/Feedback.js';
import { JobFailure, RunningJobs } from '../../components/JobList.js';
import { baseName } from '../../format/paths.js';
import { variantsOf } from '../convert/variants.js';
import { DriftResultView } from './DriftResultView.js';
import { robustnessRunsFor } from './robustness-run.js';
import './DriftScreen.css';

const DriftFormSchema = z.object({
  reference: z.string(),
  field: z.string(),
  useModel: z.boolean(),
  candidate: z.string(),
  gate: z.string(),
  resemble: z.boolean(),
  resembleSample: z.number().int().min(1).nullable(),
  run: z.string(),
});
type DriftForm = z.infer<typeof DriftFormSchema>;

/** The job's own default, shown as the placeholder of an empty field. */
const DEFAULT_RESEMBLE_SAMPLE = DriftParamsSchema.shape.resembleSample.parse(undefined);

const DEFAULT_FORM: DriftForm = { reference: '', field: '', useModel: true, candidate: '', gate: 'psi=0.2', resemble: true, resembleSample: null, run: 'auto' };

/** Checks a folder the user typed and lets jobs read it; throws with the host's words when it is not one. */
async function checkedFolder(input: string, role: string): Promise<string> {
  const stat = await api().statPath({ path: input, kind: 'images' });
  if (!stat.exists || !stat.isDirectory || stat.problem) throw new Error(stat.problem ?? `The ${role} folder ${input} does not exist.`);
  return stat.path;
}

export function DriftScreen() {
  const project = useSelect(appStore, (s) => s.project);
  const runs = useSelect(appStore, (s) => s.runs);
  const saved = useSelect(appStore, (s) => s.savedVariants);
  const convertJobs = useJobsOfKind('convert');
  const driftJobs = useJobsOfKind('drift');
  const variants = useMemo(() => variantsOf(convertJobs, project.model, saved), [convertJobs, project.model, saved]);
  const [form, setForm] = usePersistentState('parity.driftForm.v1', DriftFormSchema, DEFAULT_FORM);
  const set = <K extends keyof DriftForm>(key: K) => (value: DriftForm[K]) => setForm({ ...form, [key]: value });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reference = form.reference || project.images || '';
  const model = form.useModel ? project.model : null;
  const candidates = [...new Set([...variants.map((v) => v.output), ...project.extraCandidates])];
  const candidate = model && candidates.includes(form.candidate) ? form.candidate : null;
  const linkable = robustnessRunsFor(runs, model, candidate);
  const run = form.run === 'none' ? null : form.run === 'auto' ? (linkable[0] ?? null) : (linkable.find((r) => r.runDir === form.run) ?? null);
  let gateError: string | null = null;
  try {
    const criteria = parseDriftGateSpec(form.gate);
    const needs = criteria.find((c) => MODEL_GATE_METRICS.has(c.metric));
    if (needs && !model) gateError = `${needs.metric} needs the model.`;
  } catch (e) {
    gateError = errorDataOf(e).message;
  }

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const referenceDir = await checkedFolder(reference, 'reference');
      const fieldDir = await checkedFolder(form.field.trim(), 'field');
      await startJob(
        'drift',
        {
          reference: referenceDir,
          field: fieldDir,
          model,
          candidate,
          preprocess: model ? preprocessParam(project.preprocess) : null,
          labels: null,
          gate: parseDriftGateSpec(form.gate),
          robustnessRun: run?.runDir ?? null,
          // Left out, the job's schema picks the sample size.
          ...(form.resemble ? (form.resembleSample === null ? {} : { resembleSample: form.resembleSample }) : { resembleSample: 0 }),
        },
        `drift ${baseName(fieldDir)} vs ${baseName(referenceDir)}`,
      );
    } catch (e) {
      const data = errorDataOf(e);
      setError(data.hint ? `${data.message} ${data.hint}` : data.message);
    } finally {
      setBusy(false);
    }
  };

  const lastDone = driftJobs.find((j) => j.status === 'done');
  const result = lastDone ? DriftResultSchema.safeParse(lastDone.result) : null;
  const problems = driftJobs.filter((j) => (j.status === 'failed' || j.status === 'cancelled') && (!lastDone || j.startedAt > lastDone.startedAt)).slice(0, 2);

  return (
    <div className="screen">
      <ScreenHeader
        title="Drift"
        sub="Does the field data still look like the data the model was checked on?"
        actions={
          <Button variant="primary" icon="play" busy={busy} disabled={!reference || !form.field.trim() || gateError !== null} onClick={() => void start()}>
            Check drift
          </Button>
        }
      />
      <RunningJobs jobs={driftJobs} />
      {problems.map((j) => (
        <JobFailure key={j.jobId} job={j} />
      ))}
      <div className="grid-2">
        <Card title="Folders" id="drift-folders">
          <div className="stack">
            <Field label="Reference images" hint={project.images && !form.reference ? 'the project images' : 'the images the model was checked on'}>
              {({ id, describedBy }) => <TextInput id={id} aria-describedby={describedBy} value={reference} placeholder="/data/validation-images" onChange={(e) => set('reference')(e.target.value)} />}
            </Field>
            <Field label="Field images" hint="e.g. this week's camera data (a path on the host)" error={error}>
              {({ id, describedBy, invalid }) => (
                <TextInput id={id} aria-describedby={describedBy} aria-invalid={invalid} value={form.field} placeholder="/data/field/2026-w48" onChange={(e) => set('field')(e.target.value)} />
              )}
            </Field>
          </div>
        </Card>
        <Card title="Model and gate" id="drift-options">
          <div className="stack">
            <Checkbox
              label={project.model ? `Use the model (${baseName(project.model)})` : 'Use the model (open one on Start)'}
              hint="output and feature shift; statistics measured on its input pixels"
              checked={form.useModel && project.model !== null}
              disabled={!project.model}
              onChange={set('useModel')}
            />
            <Field label="Candidate" hint="its top-1 agreement with the model on both folders">
              {({ id, describedBy }) => (
                <SelectInput id={id} aria-describedby={describedBy} value={candidate ?? ''} disabled={!model} onChange={(e) => set('candidate')(e.target.value)}>
                  <option value="">none</option>
                  {candidates.map((c) => (
                    <option key={c} value={c}>
                      {baseName(c)}
                    </option>
                  ))}
                </SelectInput>
              )}
            </Field>
            <Field label="Robustness run" hint={linkable.length === 0 ? 'no compare run with perturbations of these models yet' : "the candidate's agreement at the perturbations the field resembles"}>
              {({ id, describedBy }) => (
                <SelectInput id={id} aria-describedby={describedBy} value={form.run} disabled={linkable.length === 0} onChange={(e) => set('run')(e.target.value)}>
                  <option value="auto">{linkable[0] ? `newest: ${linkable[0].runId}` : 'none found'}</option>
                  <option value="none">none</option>
                  {linkable.map((r) => (
                    <option key={r.runDir} value={r.runDir}>
                      {r.runId}
                    </option>
                  ))}
                </SelectInput>
              )}
            </Field>
            <Field label="Gate (fail over)" hint="e.g. psi=0.2,mmd-p=0.01" error={gateError}>
              {({ id, describedBy, invalid }) => <TextInput id={id} aria-describedby={describedBy} aria-invalid={invalid} value={form.gate} onChange={(e) => set('gate')(e.target.value)} />}
            </Field>
            <Checkbox label="Match the catalog perturbations" hint="which perturbation the field resembles (fog, blur, noise …)" checked={form.resemble} onChange={set('resemble')} />
            <Field label="Images to perturb" hint="reference images put through each perturbation: more is steadier and slower">
              {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} max={10000} value={form.resembleSample} placeholder={String(DEFAULT_RESEMBLE_SAMPLE)} onValue={set('resembleSample')} />}
            </Field>
          </div>
        </Card>
      </div>
      {result?.success ? (
        <DriftResultView report={result.data.report} runDir={result.data.runDir} />
      ) : (
        <EmptyState icon="search" title="No drift check in this session">
          Give the field folder and press Check drift; the command line does the same with <code>parity drift</code>.
        </EmptyState>
      )}
    </div>
  );
}
