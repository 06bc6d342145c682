/**
 * Export for deployment: the project's model with its preprocessing inside the graph (`parity bundle`), checked
 * against Parity's own preprocessing on the project's images, with programs that run it in five languages.
 */
import { useMemo, useState } from 'react';
import { CODE_LANGUAGES, type BundleResult, type CodeLanguage } from '../../../../shared/contract/jobs/bundle.js';
import { errorDataOf } from '../../api/host-error.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { useJobsOfKind } from '../../state/use-jobs.js';
import { resultOf, startJob } from '../../state/jobs.js';
import { waitForJob } from '../../state/job-events.js';
import { notify } from '../../state/notices.js';
import { preprocessParam } from '../../state/project.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { Checkbox, Field } from '../../components/Field.js';
import { NumberInput } from '../../components/NumberInput.js';
import { RunningJobs } from '../../components/JobList.js';
import { baseName } from '../../format/paths.js';

const LANGUAGE_NAMES: Record<CodeLanguage, string> = {
  python: 'Python (onnxruntime + Pillow)',
  java: 'Java (onnxruntime + ImageIO)',
  csharp: 'C# (Microsoft.ML.OnnxRuntime + ImageSharp)',
  cpp: 'C++ (ONNX Runtime C++ API + stb_image)',
  javascript: 'JavaScript (onnxruntime-node + sharp)',
};

function BundleSummary({ result }: { result: BundleResult }) {
  const m = result.manifest;
  const chosen = m.resize.candidates.find((c) => c.kernel.id === m.resize.chosen.id);
  const agreement = m.checks.top1Agreement;
  const worst = Math.max(...m.checks.outputs.map((o) => o.maxAbsDiff));
  return (
    <div className="stack" aria-label="Deployment bundle">
      <p>
        Wrote <span className="mono">{result.output}</span> — input <span className="mono">image</span>: uint8 [1, height, width, 3] RGB, any size.
      </p>
      <p className="small">
        Resize inside the graph: <span className="mono">{m.resize.chosen.id}</span> ({m.resize.description}), mean |Δ| {chosen?.meanAbsDiff?.toFixed(3) ?? '—'} grey levels from Parity's resize.
        Against the original fed Parity's preprocessing on {m.checks.images.length} images: {agreement === null ? '' : `top-1 agreement ${(agreement * 100).toFixed(1)}%, `}max |Δ| {worst.toPrecision(3)}.
      </p>
      {m.code.length > 0 && (
        <table className="table table-compact" aria-label="Programs that run the bundle">
          <thead>
            <tr>
              <th>Language</th>
              <th>Run it (from its folder)</th>
            </tr>
          </thead>
          <tbody>
            {m.code.map((c) => (
              <tr key={c.language}>
                <td>{LANGUAGE_NAMES[c.language]}</td>
                <td className="mono small">{c.run}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="small muted">
        Manifest: <span className="mono">{result.manifestPath}</span>
        {result.codeDir ? (
          <>
            {' '}· programs: <span className="mono">{result.codeDir}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}

export function DeployExport() {
  const project = useSelect(appStore, (s) => s.project);
  const jobs = useJobsOfKind('bundle');
  const running = useMemo(() => jobs.filter((j) => (j.params as { model?: unknown } | null)?.model === project.model), [jobs, project.model]);
  const [topK, setTopK] = useState<number | null>(5);
  const [classifier, setClassifier] = useState(true);
  const [languages, setLanguages] = useState<CodeLanguage[]>([...CODE_LANGUAGES]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BundleResult | null>(null);

  if (!project.model) return null;
  const exportBundle = async () => {
    if (!project.model) return;
    setBusy(true);
    setResult(null);
    try {
      const pp = preprocessParam(project.preprocess);
      const params = {
        model: project.model,
        images: project.images,
        labels: classifier ? project.labels : null,
        topK: classifier ? (topK ?? 5) : null,
        languages,
        ...(pp ? { preprocess: pp } : {}),
      };
      const jobId = await startJob('bundle', params, `bundle ${baseName(project.model)} for deployment`);
      const bundled = resultOf('bundle', await waitForJob(jobId));
      setResult(bundled);
      notify('good', `Wrote ${baseName(bundled.output)}.`, bundled.output);
    } catch (e) {
      const data = errorDataOf(e);
      if (data.code !== 'CANCELLED') notify('bad', data.message, data.hint);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Export for deployment"
      id="export-deploy"
      subtitle={`${baseName(project.model)} with its preprocessing inside the model: programs decode an image file and call it, in the language they are written in.`}
    >
      <div className="stack">
        <Checkbox
          label="Classifier: add top-k (and class names from the labels)"
          hint="the first output is a class-score row; leave off for detectors and dense outputs (the programs print a summary instead)"
          checked={classifier}
          onChange={setClassifier}
        />
        {classifier && (
          <Field label="Top-k" hint="classes the programs print per image">
            {({ id, describedBy }) => <NumberInput id={id} aria-describedby={describedBy} integer min={1} max={1000} value={topK} placeholder="5" onValue={setTopK} />}
          </Field>
        )}
        <fieldset className="plain">
          <legend className="field-label">Programs</legend>
          {CODE_LANGUAGES.map((l) => (
            <Checkbox key={l} label={LANGUAGE_NAMES[l]} checked={languages.includes(l)} onChange={(on) => setLanguages(on ? [...languages, l] : languages.filter((x) => x !== l))} />
          ))}
        </fieldset>
        <div className="row">
          <Button variant="primary" icon="download" busy={busy} onClick={() => void exportBundle()}>
            Export for deployment
          </Button>
          <span className="small muted">{project.images ? 'checked on the project images' : 'checked on synthetic images (add images on Start to check on yours)'}</span>
        </div>
        <RunningJobs jobs={running} />
        {result && <BundleSummary result={result} />}
      </div>
    </Card>
  );
}
