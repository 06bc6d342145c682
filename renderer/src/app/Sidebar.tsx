/** The left rail: the six steps and the drift check, the running job, and the host/engine status. */
import { useMemo } from 'react';
import { appStore } from '../state/app-state.js';
import { useSelect } from '../state/store.js';
import { isFinished } from '../state/job-events.js';
import { Icon, type IconName } from '../components/Icon.js';
import { ProgressBar } from '../components/Progress.js';
import { progressText } from '../components/progress-text.js';
import { baseName } from '../format/paths.js';
import { hrefOf, type Route, type ScreenId } from './routes.js';
import './Sidebar.css';

const ITEMS: ReadonlyArray<{ screen: ScreenId; label: string; icon: IconName; key: string }> = [
  { screen: 'start', label: 'Start', icon: 'start', key: '1' },
  { screen: 'model', label: 'Model', icon: 'model', key: '2' },
  { screen: 'convert', label: 'Convert', icon: 'convert', key: '3' },
  { screen: 'run', label: 'Run', icon: 'run', key: '4' },
  { screen: 'results', label: 'Results', icon: 'results', key: '5' },
  { screen: 'export', label: 'Export', icon: 'export', key: '6' },
  { screen: 'drift', label: 'Drift', icon: 'search', key: '7' },
];

export const SCREEN_KEYS: ReadonlyMap<string, ScreenId> = new Map(ITEMS.map((i) => [i.key, i.screen]));

export function Sidebar({ route, lastRunId }: { route: Route; lastRunId: string | null }) {
  const project = useSelect(appStore, (s) => s.project);
  const jobs = useSelect(appStore, (s) => s.jobs);
  const info = useSelect(appStore, (s) => s.info);
  const engine = useSelect(appStore, (s) => s.engine);
  const connection = useSelect(appStore, (s) => s.connection);
  const running = useMemo(
    () => Object.values(jobs).filter((j) => !isFinished(j) && (j.kind === 'compare' || j.kind === 'convert' || j.kind === 'drift')).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
    [jobs],
  );

  // The open model under Start, so the project is always in view.
  const modelName = project.model ? baseName(project.model) : null;

  return (
    <nav className="sidebar" aria-label="Steps">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ≍
        </span>
        <span className="brand-name">Parity</span>
      </div>
      <ol className="nav-list">
        {ITEMS.map((item) => {
          const current = route.screen === item.screen;
          const runId = item.screen === 'results' || item.screen === 'export' ? (route.runId ?? lastRunId) : null;
          return (
            <li key={item.screen}>
              <a className={`nav-item${current ? ' is-current' : ''}`} href={hrefOf({ screen: item.screen, runId })} aria-current={current ? 'page' : undefined}>
                <Icon name={item.icon} />
                <span className="nav-label">{item.label}</span>
                {item.screen === 'start' && modelName && <span className="nav-detail truncate">{modelName}</span>}
                <kbd className="nav-key" aria-hidden="true">
                  Alt+{item.key}
                </kbd>
              </a>
            </li>
          );
        })}
      </ol>
      {running.length > 0 && (
        <div className="sidebar-jobs" aria-label="Running jobs">
          {running.map((job) => (
            <a key={job.jobId} className="sidebar-job" href={hrefOf({ screen: job.kind === 'convert' ? 'convert' : job.kind === 'drift' ? 'drift' : 'run' })}>
              <span className="sidebar-job-title truncate">{job.title}</span>
              <ProgressBar value={job.progress?.total ? job.progress.done / job.progress.total : null} label={job.title} />
              <span className="sidebar-job-text truncate num">{progressText(job.progress)}</span>
            </a>
          ))}
        </div>
      )}
      <div className="sidebar-foot small">
        <span className={`dot dot-${connection === 'failed' || engine?.state === 'crashed' ? 'bad' : connection === 'ready' ? 'good' : 'idle'}`} aria-hidden="true" />
        <span>
          {connection === 'failed' ? 'host unreachable' : engine?.state === 'crashed' ? 'engine restarting' : info ? `${info.host === 'web' ? 'web host' : 'desktop'} · v${info.versions.parity}` : 'connecting…'}
        </span>
      </div>
    </nav>
  );
}
