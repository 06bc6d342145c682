/** The app shell: connects to the host, routes between the screens, global shortcuts (Alt+1…7). */
import { useEffect, useMemo } from 'react';
import { appStore } from '../state/app-state.js';
import { connect, onMenuActions } from '../state/host.js';
import { onMenu } from './menu-actions.js';
import { checkProjectLabels, inspectProjectModel } from '../state/project-actions.js';
import { useSelect } from '../state/store.js';
import { ErrorBanner, Spinner } from '../components/Feedback.js';
import { Button } from '../components/Button.js';
import { Sidebar, SCREEN_KEYS } from './Sidebar.js';
import { Notices } from './Notices.js';
import { navigate, parseRoute, useHash, type Route } from './routes.js';
import { StartScreen } from '../screens/start/StartScreen.js';
import { ModelScreen } from '../screens/model/ModelScreen.js';
import { ConvertScreen } from '../screens/convert/ConvertScreen.js';
import { RunScreen } from '../screens/run/RunScreen.js';
import { ResultsScreen } from '../screens/results/ResultsScreen.js';
import { ExportScreen } from '../screens/export/ExportScreen.js';
import { DriftScreen } from '../screens/drift/DriftScreen.js';

function Screen({ route, lastRunId }: { route: Route; lastRunId: string | null }) {
  const runId = route.runId ?? lastRunId;
  switch (route.screen) {
    case 'start':
      return <StartScreen />;
    case 'model':
      return <ModelScreen />;
    case 'convert':
      return <ConvertScreen />;
    case 'run':
      return <RunScreen />;
    case 'results':
      // #/results without a run is the list of runs (the sidebar and Alt+5 go straight to the latest run).
      return <ResultsScreen runId={route.runId} />;
    case 'export':
      return <ExportScreen runId={runId} />;
    case 'drift':
      return <DriftScreen />;
  }
}

export function App() {
  const hash = useHash();
  const route = useMemo(() => parseRoute(hash), [hash]);
  const connection = useSelect(appStore, (s) => s.connection);
  const connectionError = useSelect(appStore, (s) => s.connectionError);
  const runs = useSelect(appStore, (s) => s.runs);
  const lastRunId = runs && runs.length > 0 ? [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!.runId : null;

  useEffect(() => {
    onMenuActions(onMenu);
    void connect().then(() => {
      if (appStore.get().project.model) void inspectProjectModel();
      if (appStore.get().project.labels) void checkProjectLabels();
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const screen = SCREEN_KEYS.get(event.key);
      if (!screen) return;
      event.preventDefault();
      navigate({ screen, runId: screen === 'results' || screen === 'export' ? (route.runId ?? lastRunId) : null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route.runId, lastRunId]);

  useEffect(() => {
    // Move focus to the new screen's heading so keyboard and screen-reader users land on it.
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus({ preventScroll: false });
  }, [route.screen]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar route={route} lastRunId={lastRunId} />
      <main className="main" id="main">
        {connection === 'connecting' && (
          <div className="screen">
            <Spinner label="Connecting to the Parity host…" />
          </div>
        )}
        {connection === 'failed' && connectionError && (
          <div className="screen">
            <h1 tabIndex={-1}>Parity cannot reach its host</h1>
            <ErrorBanner error={connectionError} action={<Button onClick={() => window.location.reload()}>Reload</Button>} />
          </div>
        )}
        {connection === 'ready' && <Screen route={route} lastRunId={lastRunId} />}
      </main>
      <Notices />
    </div>
  );
}
