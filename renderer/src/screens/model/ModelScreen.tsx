/** Model: what inspect found, and the preprocessing spec with a live preview of one image. */
import { useEffect } from 'react';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { inspectProjectModel, recountFlops, setPostprocess, setPreprocess } from '../../state/project-actions.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback.js';
import { baseName } from '../../format/paths.js';
import { navigate } from '../../app/routes.js';
import { ModelFigures, ModelSignature, OperatorTable } from './ModelFigures.js';
import { PreprocessEditor } from './PreprocessEditor.js';
import { PreviewPanel } from './PreviewPanel.js';
import './ModelScreen.css';
import { PostprocessEditor } from './PostprocessEditor.js';

export function ModelScreen() {
  const project = useSelect(appStore, (s) => s.project);
  const inspection = useSelect(appStore, (s) => s.inspection);
  const current = inspection?.model === project.model ? inspection : null;
  const info = current?.info ?? null;
  const sizeKey = useDebounced(`${project.preprocess.width}|${project.preprocess.height}|${project.preprocess.layout}|${info ? 'i' : ''}`, 600);
  useEffect(() => {
    void recountFlops();
  }, [sizeKey]);

  if (!project.model) {
    return (
      <div className="screen">
        <ScreenHeader title="Model" />
        <EmptyState icon="model" title="No model open" action={<Button variant="primary" onClick={() => navigate({ screen: 'start' })}>Go to Start</Button>}>
          Drop an ONNX model on the Start screen, or open the sample.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="screen">
      <ScreenHeader
        title={`Model — ${baseName(project.model)}`}
        sub={project.model}
        actions={
          <Button variant="primary" disabled={!info} onClick={() => navigate({ screen: 'convert' })}>
            Next: convert
          </Button>
        }
      />
      {current?.error && <ErrorBanner error={current.error} action={<Button size="sm" onClick={() => void inspectProjectModel()}>Retry</Button>} />}
      {!info && !current?.error && <Spinner label="Inspecting the model…" />}
      {info && (
        <>
          <ModelFigures info={info} flopsShape={current?.flopsShape ?? null} />
          <div className="grid-2">
            <ModelSignature info={info} />
            <OperatorTable info={info} />
          </div>
          <Card title="Preprocessing" id="preprocessing" subtitle="How an image file becomes the input tensor. Empty fields come from the model's input or the defaults.">
            <div className="pp-layout">
              <PreprocessEditor spec={project.preprocess} input={info.inputs[0] ?? null} proposal={info.proposedPreprocess} onChange={setPreprocess} />
              <PreviewPanel images={project.images} spec={project.preprocess} input={info.inputs[0] ?? null} />
            </div>
          </Card>
          <Card title="Detector post-processing" id="postprocessing" subtitle="How a detector's outputs become boxes, scores and classes, so that runs compare detections (--postprocess).">
            <PostprocessEditor info={info} spec={project.postprocess} onChange={setPostprocess} />
          </Card>
        </>
      )}
    </div>
  );
}
