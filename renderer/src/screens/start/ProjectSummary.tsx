/** The project as it stands: model (with its check), images, labels, preprocessing, and the next step. */
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { closeProject, inspectProjectModel, openLabels } from '../../state/project-actions.js';
import { Card } from '../../components/Card.js';
import { Badge, EmptyState, ErrorBanner, InfoBanner, Spinner } from '../../components/Feedback.js';
import { labelsFitOf } from '../../state/labels-fit.js';
import { Button } from '../../components/Button.js';
import { PathText } from '../../components/PathText.js';
import { bytes, count } from '../../format/numbers.js';
import { navigate } from '../../app/routes.js';
import { shapeText } from '../model/shape-text.js';

export function ProjectSummary() {
  const project = useSelect(appStore, (s) => s.project);
  const inspection = useSelect(appStore, (s) => s.inspection);
  const imagesCheck = useSelect(appStore, (s) => s.imagesCheck);
  const labelsCheck = useSelect(appStore, (s) => s.labelsCheck);
  const labelsFit = labelsFitOf({ project, inspection, labelsCheck });

  if (!project.model && !project.images) {
    return (
      <Card title="Project" id="project">
        <EmptyState icon="model" title="No model yet">
          Drop an ONNX model above, type its path, or open the sample to see Parity on a real classifier.
        </EmptyState>
      </Card>
    );
  }

  const info = inspection?.model === project.model ? inspection.info : null;
  const modelError = inspection?.model === project.model ? inspection.error : null;
  const checking = Boolean(project.model) && !info && !modelError;
  const input = info?.inputs[0];
  const customFields = Object.keys(project.preprocess).length;
  const ready = Boolean(info) && Boolean(project.images) && !imagesCheck?.problem && !labelsFit.error;

  return (
    <Card
      title="Project"
      id="project"
      actions={
        <>
          <Button variant="ghost" size="sm" icon="x" onClick={closeProject}>
            Close project
          </Button>
          <Button variant="primary" disabled={!ready} onClick={() => navigate({ screen: 'model' })} title={ready ? undefined : labelsFit.error ? 'The labels do not fit the model' : 'Needs a valid model and images'}>
            Next: check the model
          </Button>
        </>
      }
    >
      <div className="project-rows">
        <div className="project-row" data-testid="project-model">
          <span className="project-key">Model</span>
          <div className="project-value">
            {project.model ? <PathText path={project.model} /> : <span className="muted">none — drop an .onnx file</span>}
            {checking && <Spinner label="Checking the model…" />}
            {info && (
              <span className="row small muted">
                <Badge tone="good">valid ONNX</Badge>
                {input && (
                  <span className="mono">
                    {input.name} {input.dtype} {shapeText(input.shape)}
                  </span>
                )}
                <span>{bytes(info.fileSizeBytes + info.externalDataBytes)}</span>
                <span>{count(info.nodeCount)} nodes</span>
              </span>
            )}
            {modelError && <ErrorBanner error={modelError} action={<Button size="sm" onClick={() => void inspectProjectModel()}>Retry</Button>} />}
          </div>
        </div>
        <div className="project-row" data-testid="project-images">
          <span className="project-key">Images</span>
          <div className="project-value">
            {project.images ? <PathText path={project.images} /> : <span className="muted">none — drop image files or a folder</span>}
            {imagesCheck && imagesCheck.path === project.images && imagesCheck.imageCount !== null && (
              <span className="small muted num">{count(imagesCheck.imageCount)} images</span>
            )}
            {imagesCheck?.problem && <p className="bad small">{imagesCheck.problem}</p>}
          </div>
        </div>
        <div className="project-row" data-testid="project-labels">
          <span className="project-key">Labels</span>
          <div className="project-value">
            {project.labels ? (
              <>
                <span className="row">
                  <PathText path={project.labels} />
                  {labelsCheck?.path === project.labels && labelsCheck.count !== null && <span className="small muted num">{count(labelsCheck.count)} classes</span>}
                  <Button variant="ghost" size="sm" onClick={() => void openLabels(null)}>
                    Remove
                  </Button>
                </span>
                {labelsFit.error && <ErrorBanner error={labelsFit.error} />}
                {labelsFit.warning && (
                  <InfoBanner tone="warn">
                    <p className="small">{labelsFit.warning}</p>
                  </InfoBanner>
                )}
              </>
            ) : (
              <span className="muted">none — agreement is measured, accuracy needs labels.txt and one folder per class</span>
            )}
          </div>
        </div>
        <div className="project-row">
          <span className="project-key">Preprocessing</span>
          <div className="project-value">
            <span className={customFields ? '' : 'muted'}>
              {customFields ? `${customFields} field${customFields === 1 ? '' : 's'} set (${Object.keys(project.preprocess).join(', ')})` : 'derived from the model input'}
            </span>
          </div>
        </div>
      </div>
    </Card>
  );
}
