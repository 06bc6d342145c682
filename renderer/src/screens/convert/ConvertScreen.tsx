/** Convert: recipes in, variants out, with progress, cancel and each variant's manifest. */
import { useMemo } from 'react';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { useJobsOfKind } from '../../state/use-jobs.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { EmptyState } from '../../components/Feedback.js';
import { JobFailure, RunningJobs } from '../../components/JobList.js';
import { baseName } from '../../format/paths.js';
import { navigate } from '../../app/routes.js';
import { ConvertForm } from './ConvertForm.js';
import { VariantList } from './VariantList.js';
import { variantsOf } from './variants.js';
import './ConvertScreen.css';

export function ConvertScreen() {
  const project = useSelect(appStore, (s) => s.project);
  const jobs = useJobsOfKind('convert');
  const saved = useSelect(appStore, (s) => s.savedVariants);
  const variants = useMemo(() => variantsOf(jobs, project.model, saved), [jobs, project.model, saved]);
  const convertJobs = useMemo(() => jobs.filter((j) => (j.params as { model?: unknown } | null)?.model === project.model), [jobs, project.model]);
  // Failures newer than the last success of the same recipe, so a fixed problem stops being shown.
  const failures = convertJobs.filter((j, i) => (j.status === 'failed' || j.status === 'cancelled') && !convertJobs.slice(0, i).some((k) => k.status === 'done' && (k.params as { recipe?: unknown }).recipe === (j.params as { recipe?: unknown }).recipe)).slice(0, 3);

  if (!project.model) {
    return (
      <div className="screen">
        <ScreenHeader title="Convert" />
        <EmptyState icon="model" title="No model open" action={<Button variant="primary" onClick={() => navigate({ screen: 'start' })}>Go to Start</Button>}>
          Open a model first; its variants are made from it.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="screen">
      <ScreenHeader
        title="Convert"
        sub={`Make faster or smaller variants of ${baseName(project.model)}.`}
        actions={
          <Button variant="primary" onClick={() => navigate({ screen: 'run' })}>
            Next: run parity
          </Button>
        }
      />
      <Card title="Make variants" id="recipes">
        <ConvertForm />
      </Card>
      <RunningJobs jobs={convertJobs} />
      {failures.map((j) => (
        <JobFailure key={j.jobId} job={j} />
      ))}
      <VariantList variants={variants} />
    </div>
  );
}
