/** Start: bring in a model and images (drop, choose, path), open the sample, or reopen a recent project. */
import { useState } from 'react';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { openRecent, openSample } from '../../state/project-actions.js';
import { errorDataOf } from '../../api/host-error.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { EmptyState, ErrorBanner } from '../../components/Feedback.js';
import type { ParityErrorData } from '../../../../shared/errors.js';
import { baseName, tailOf } from '../../format/paths.js';
import { relativeTime } from '../../format/time.js';
import { DropZone } from './DropZone.js';
import { PathForm } from './PathForm.js';
import { ProjectSummary } from './ProjectSummary.js';
import './StartScreen.css';

export function StartScreen() {
  const recent = useSelect(appStore, (s) => s.recent);
  const [sampleBusy, setSampleBusy] = useState(false);
  const [error, setError] = useState<ParityErrorData | null>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    setSampleBusy(true);
    try {
      await action();
    } catch (e) {
      setError(errorDataOf(e));
    } finally {
      setSampleBusy(false);
    }
  };

  return (
    <div className="screen">
      <ScreenHeader title="Start" sub="Bring in an ONNX image model and test images. Parity checks that its faster variants still predict what it predicts." />
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <div className="start-grid">
        <Card title="Add a model and images" id="add">
          <div className="stack">
            <DropZone />
            <PathForm />
          </div>
        </Card>
        <div className="stack">
          <Card title="Sample" id="sample" subtitle="PaddleOCR text-orientation classifier with 200 labelled text lines.">
            <Button icon="sample" variant="primary" busy={sampleBusy} onClick={() => void run(openSample)}>
              Open sample
            </Button>
          </Card>
          <Card title="Recent projects" id="recent">
            {recent.length === 0 ? (
              <EmptyState title="Nothing yet">Projects you open appear here.</EmptyState>
            ) : (
              <ul className="recent-list">
                {recent.slice(0, 8).map((r) => (
                  <li key={`${r.model}|${r.images ?? ''}`}>
                    <button type="button" className="recent-item" onClick={() => void run(() => openRecent(r))} title={r.model}>
                      <span className="recent-model truncate">{baseName(r.model)}</span>
                      <span className="recent-images truncate muted small">{r.images ? tailOf(r.images) : 'no images'}</span>
                      <span className="recent-time muted small">{relativeTime(r.openedAt)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
      <ProjectSummary />
    </div>
  );
}
