/** Run: pick candidates, images, perturbations and severities; progress with stage, count and ETA; cancel. */
import { useEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import { usePersistentState } from '../../hooks/use-persistent-state.js';
import { CompareResultSchema } from '../../../../shared/contract/jobs/compare.js';
import type { JobSnapshot } from '../../../../shared/contract/host-api.js';
import { errorDataOf } from '../../api/host-error.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { useJobsOfKind } from '../../state/use-jobs.js';
import { startJob } from '../../state/jobs.js';
import { waitForJob } from '../../state/job-events.js';
import { refreshRuns } from '../../state/host.js';
import { notify } from '../../state/notices.js';
import { preprocessParam } from '../../state/project.js';
import { labelsFitOf } from '../../state/labels-fit.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { Checkbox, Field } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { EmptyState, ErrorBanner } from '../../components/Feedback.js';
import { JobFailure, RunningJobs } from '../../components/JobList.js';
import { PathText } from '../../components/PathText.js';
import { baseName } from '../../format/paths.js';
import { count, percent } from '../../format/numbers.js';
import { relativeTime } from '../../format/time.js';
import { hrefOf, navigate } from '../../app/routes.js';
import { variantsOf } from '../convert/variants.js';
import { CandidatePicker } from './CandidatePicker.js';
import { PerturbationPicker } from './PerturbationPicker.js';
import { PerturbationStrip } from './PerturbationStrip.js';
import { candidateRuns, compareParams, parseConcurrency } from './compare-params.js';
import { endpointProblem, ServedCandidate } from './ServedCandidate.js';
import './RunScreen.css';

function FinishedRun({ job }: { job: JobSnapshot }) {
  const runs = useSelect(appStore, (s) => s.runs);
  const result = CompareResultSchema.safeParse(job.result);
  if (!result.success) return null;
  const run = runs?.find((r) => r.runDir === result.data.runDir);
  const agreement = result.data.summary.top1Agreement;
  const map50 = result.data.summary.detection?.map50 ?? null;
  return (
    <li className="finished-run">
      <span className={`dot dot-${result.data.gate.passed ? 'good' : 'bad'}`} aria-hidden="true" />
      <span className="truncate">{job.title}</span>
      <span className="num">{map50 !== null ? `${percent(map50)} mAP@0.5` : agreement !== null ? `${percent(agreement)} top-1 agreement` : `${percent(result.data.summary.allcloseRate)} allclose`}</span>
      <span className="muted small">{job.finishedAt ? relativeTime(job.finishedAt) : ''}</span>
      <Button size="sm" disabled={!run} onClick={() => run && navigate({ screen: 'results', runId: run.runId })}>
        Open results
      </Button>
    </li>
  );
}

/** Running, failed and finished comparisons: the only part of the screen that follows progress events. */
function CompareJobsPanel({ part }: { part: 'running' | 'finished' }) {
  const compareJobs = useJobsOfKind('compare');
  if (part === 'running') {
    const lastDone = compareJobs.find((j) => j.status === 'done');
    const problems = compareJobs.filter((j) => (j.status === 'failed' || j.status === 'cancelled') && (!lastDone || j.startedAt > lastDone.startedAt)).slice(0, 3);
    return (
      <>
        <RunningJobs jobs={compareJobs} />
        {problems.map((j) => (
          <JobFailure key={j.jobId} job={j} />
        ))}
      </>
    );
  }
  const finished = compareJobs.filter((j) => j.status === 'done').slice(0, 5);
  return (
    <Card title="Finished runs" id="finished">
      {finished.length === 0 ? (
        <EmptyState icon="results" title="No finished run in this session">
          Runs from earlier sessions are on the Results screen.
        </EmptyState>
      ) : (
        <ul className="finished-list">
          {finished.map((j) => (
            <FinishedRun key={j.jobId} job={j} />
          ))}
        </ul>
      )}
    </Card>
  );
}

const RunFormStateSchema = z.object({
  candidates: z.array(z.string()),
  perturbations: z.array(z.string()),
  severities: z.array(z.number().int().min(1).max(5)),
  seed: z.number().int().min(0),
  maxImages: z.number().int().positive().nullable(),
  topK: z.number().int().min(1).max(100).nullable(),
  threads: z.number().int().positive().nullable(),
  minAgreement: z.number().min(0).max(100).nullable(),
  bench: z.boolean(),
  /** The newest variant already offered (preselected once): unticking it must not tick it, or another, again. */
  offered: z.string().nullable().default(null),
  /** A served candidate's URL ('' for none) and the serving pass's clients ("1,8"; '' for the default). */
  candidateUrl: z.string().default(''),
  concurrency: z.string().default(''),
});
type RunFormState = z.output<typeof RunFormStateSchema>;

const DEFAULT_RUN_FORM: RunFormState = { candidates: [], perturbations: [], severities: [1, 2, 3, 4, 5], seed: 0, maxImages: null, topK: 5, threads: null, minAgreement: null, bench: true, offered: null, candidateUrl: '', concurrency: '' };

export function RunScreen() {
  const project = useSelect(appStore, (s) => s.project);
  const convertJobs = useJobsOfKind('convert');
  const imagesCheck = useSelect(appStore, (s) => s.imagesCheck);
  const inspection = useSelect(appStore, (s) => s.inspection);
  const labelsCheck = useSelect(appStore, (s) => s.labelsCheck);
  const saved = useSelect(appStore, (s) => s.savedVariants);
  const variants = useMemo(() => variantsOf(convertJobs, project.model, saved), [convertJobs, project.model, saved]);
  // The form outlives a reload (jobs do too): kept in local storage.
  const [form, setForm] = usePersistentState('parity.runForm.v1', RunFormStateSchema, DEFAULT_RUN_FORM);
  const set = <K extends keyof RunFormState>(key: K) => (value: RunFormState[K]) => setForm({ ...form, [key]: value });
  const { candidates, perturbations, severities, seed, maxImages, topK, threads, minAgreement, bench, candidateUrl, concurrency } = form;
  const setCandidates = set('candidates');
  const setPerturbations = set('perturbations');
  const setSeverities = set('severities');
  const setSeed = set('seed');
  const setMaxImages = set('maxImages');
  const setTopK = set('topK');
  const setThreads = set('threads');
  const setMinAgreement = set('minAgreement');
  const setBench = set('bench');
  const setCandidateUrl = set('candidateUrl');
  const setConcurrency = set('concurrency');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // A newly converted variant is ticked once, when it first appears; after that the choice is the user's.
    const newest = variants[0]?.output;
    if (!newest || form.offered === newest) return;
    setForm({ ...form, offered: newest, candidates: form.candidates.includes(newest) ? form.candidates : [...form.candidates, newest] });
  }, [variants, form]);

  const available = new Set([...variants.map((v) => v.output), ...project.extraCandidates]);
  const chosen = candidates.filter((c) => available.has(c));
  const servedUrl = candidateUrl.trim() !== '' && endpointProblem(candidateUrl) === null ? candidateUrl.trim() : null;
  const levels = parseConcurrency(concurrency);
  const comparisons = chosen.length + (servedUrl ? 1 : 0);


  if (!project.model || !project.images) {
    return (
      <div className="screen">
        <ScreenHeader title="Run" />
        <EmptyState icon="run" title={project.model ? 'No images yet' : 'No model open'} action={<Button variant="primary" onClick={() => navigate({ screen: 'start' })}>Go to Start</Button>}>
          A run needs a reference model and a folder of test images.
        </EmptyState>
      </div>
    );
  }
  const reference = project.model;
  const images = project.images;
  const labelsFit = labelsFitOf({ project, inspection, labelsCheck });

  const start = async () => {
    // The engine refuses such a run too; refusing here says it before any job starts.
    if (labelsFit.error) {
      notify('bad', labelsFit.error.message, labelsFit.error.hint);
      return;
    }
    setBusy(true);
    try {
      // Files side by side in one run, clean or perturbed; a served candidate in a run of its own.
      const groups = [
        ...candidateRuns(chosen).map((group) => ({ group, url: null })),
        ...(servedUrl ? [{ group: [] as string[], url: servedUrl }] : []),
      ];
      for (const { group, url } of groups) {
        const params = compareParams({
          reference,
          candidates: group,
          candidateUrl: url,
          concurrency: Array.isArray(levels) ? levels : null,
          images,
          labels: project.labels,
          preprocess: preprocessParam(project.preprocess),
          postprocess: project.postprocess,
          perturbations,
          severities,
          seed,
          maxImages,
          topK: topK ?? 5,
          threads,
          minAgreement: minAgreement === null ? null : minAgreement / 100,
          bench,
        });
        const jobId = await startJob('compare', params, `compare ${baseName(reference)} vs ${url ?? group.map(baseName).join(', ')}`);
        void waitForJob(jobId).then(async (job) => {
          await refreshRuns();
          const result = CompareResultSchema.safeParse(job.result);
          const run = result.success ? appStore.get().runs?.find((r) => r.runDir === result.data.runDir) : undefined;
          if (job.status === 'done') notify('good', `${job.title}: finished.`, undefined, run ? { label: 'Open results', href: hrefOf({ screen: 'results', runId: run.runId }) } : undefined);
        });
      }
    } catch (e) {
      const data = errorDataOf(e);
      notify('bad', data.message, data.hint);
    } finally {
      setBusy(false);
    }
  };

  const runsPerCandidate = 1 + perturbations.length * severities.length;
  return (
    <div className="screen">
      <ScreenHeader
        title="Run parity"
        sub={`${baseName(reference)} against its candidates on ${imagesCheck?.imageCount !== null && imagesCheck?.imageCount !== undefined ? `${count(maxImages ? Math.min(maxImages, imagesCheck.imageCount) : imagesCheck.imageCount)} images` : 'the project images'}.`}
        actions={
          <Button variant="primary" icon="play" busy={busy} disabled={comparisons === 0 || typeof levels === 'string' || (perturbations.length > 0 && severities.length === 0) || labelsFit.error !== null} onClick={() => void start()}>
            {runLabel(chosen, servedUrl !== null)}
          </Button>
        }
      />
      {labelsFit.error && <ErrorBanner error={labelsFit.error} action={<Button size="sm" onClick={() => navigate({ screen: 'start' })}>Go to Start</Button>} />}
      <CompareJobsPanel part="running" />
      <div className="grid-2">
        <Card title="Models" id="models">
          <div className="stack">
            <div className="field">
              <span className="field-label">Reference</span>
              <PathText path={reference} />
            </div>
            <div className="field">
              <span className="field-label">Candidates</span>
              <CandidatePicker variants={variants} extra={project.extraCandidates} selected={chosen} onSelected={setCandidates} />
            </div>
            <ServedCandidate url={candidateUrl} onUrl={setCandidateUrl} concurrency={concurrency} onConcurrency={setConcurrency} />
          </div>
        </Card>
        <Card title="Images and options" id="options">
          <div className="stack">
            <div className="field">
              <span className="field-label">Images</span>
              <PathText path={images} />
              <span className="small muted">{project.labels ? `labels: ${baseName(project.labels)} (accuracy measured)` : 'no labels: agreement only'}</span>
            </div>
            <div className="options-grid">
              <Field label="Images at most" hint="spread evenly over the folder">
                {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} value={maxImages} placeholder="all" onValue={setMaxImages} />}
              </Field>
              <Field label="Top-k" hint="classes kept per image">
                {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} max={100} value={topK} placeholder="5" onValue={setTopK} />}
              </Field>
              <Field label="Threads" hint="per model session">
                {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} max={256} value={threads} placeholder="all cores" onValue={setThreads} />}
              </Field>
              <Field label={project.postprocess ? 'Gate: mAP@0.5 ≥' : 'Gate: top-1 agreement ≥'} hint="percent; the run fails below it">
                {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} min={0} max={100} value={minAgreement} placeholder="no gate" onValue={setMinAgreement} />}
              </Field>
            </div>
            <Checkbox label="Measure speed" hint="both models timed interleaved on the compared images" checked={bench} onChange={setBench} />
          </div>
        </Card>
      </div>
      <Card title="Perturbations" id="perturbations" subtitle="Parity under fog, occlusion, noise, blur and the other ImageNet-C corruptions, at each severity.">
        <div className="stack">
          <fieldset className="plain">
            <PerturbationPicker selected={perturbations} onSelected={setPerturbations} severities={severities} onSeverities={setSeverities} seed={seed} onSeed={setSeed} />
          </fieldset>
          {perturbations.length > 0 && <p className="small muted">Each candidate: {count(runsPerCandidate)} passes over the images (clean + each perturbation at each severity){chosen.length > 1 ? ', side by side in one run: each perturbed image is made once and the reference runs once on it' : ''}.</p>}
          {perturbations.length === 0 && chosen.length > 1 && <p className="small muted">The {chosen.length} candidates are compared side by side in one run, on the same decoded images.</p>}
          {perturbations.length > 0 && (
            <PerturbationStrip names={perturbations} severities={severities} seed={seed} images={images} spec={project.preprocess} input={inspection?.model === reference ? (inspection.info?.inputs[0] ?? null) : null} />
          )}
        </div>
      </Card>
      <CompareJobsPanel part="finished" />
    </div>
  );
}

/** The Run button's words: how many runs start, and whether the ticked files are compared side by side. */
function runLabel(chosen: readonly string[], served: boolean): string {
  const fileRuns = candidateRuns(chosen).length;
  if (chosen.length > 1 && fileRuns === 1) return served ? `Compare ${chosen.length} side by side + 1 served` : `Compare ${chosen.length} side by side`;
  const runs = fileRuns + (served ? 1 : 0);
  return runs > 1 ? `Run ${runs} comparisons` : 'Run parity';
}
