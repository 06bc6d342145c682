/**
 * Export: the run as HTML (self-contained report), JSON (the source of truth), CSV (one row per image) or PDF
 * (desktop: printToPDF through the host; web: the report opens in a new tab for the browser's print dialog).
 */
import { useState } from 'react';
import type { ExportFormat } from '../../../../shared/contract/host-api.js';
import { errorDataOf } from '../../api/host-error.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { api } from '../../state/client.js';
import { notify } from '../../state/notices.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { EmptyState, Spinner } from '../../components/Feedback.js';
import type { IconName } from '../../components/Icon.js';
import { baseName } from '../../format/paths.js';
import { dateTime } from '../../format/time.js';
import { navigate } from '../../app/routes.js';
import { DeployExport } from './DeployExport.js';
import './ExportScreen.css';

const FORMATS: ReadonlyArray<{ format: ExportFormat; title: string; body: string; icon: IconName }> = [
  { format: 'html', title: 'HTML report', body: 'One self-contained file with every chart and the gallery; opens in any browser, attaches to a release.', icon: 'results' },
  { format: 'pdf', title: 'PDF', body: 'The HTML report printed to PDF, for reviews and sign-off.', icon: 'file' },
  { format: 'json', title: 'JSON', body: 'The source of truth: every figure and per-image result, for scripts and CI.', icon: 'file' },
  { format: 'csv', title: 'CSV', body: 'One row per image: predictions, agreement and errors, for spreadsheets.', icon: 'file' },
];

/**
 * Web: prints the report with the browser's print dialog ("Save as PDF"). The report is loaded into a hidden
 * same-origin frame with scripts disabled (sandbox without allow-scripts), so the page can call print() on it.
 * Returns false when that is not possible; the caller then opens the report in a tab instead.
 */
async function printReport(url: string): Promise<boolean> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) return false;
  // Scripts would not run in the frame anyway (no allow-scripts); dropping them keeps the console quiet.
  const html = (await response.text()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.className = 'print-frame';
  frame.title = 'Report being printed';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = html;
  document.body.appendChild(frame);
  await loaded;
  const win = frame.contentWindow;
  if (!win) {
    frame.remove();
    return false;
  }
  win.addEventListener('afterprint', () => frame.remove(), { once: true });
  win.focus();
  win.print();
  return true;
}

function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function ExportScreen({ runId }: { runId: string | null }) {
  const runs = useSelect(appStore, (s) => s.runs);
  const host = useSelect(appStore, (s) => s.info?.host ?? 'web');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [saved, setSaved] = useState<Partial<Record<ExportFormat, string>>>({});
  const run = runs?.find((r) => r.runId === runId) ?? null;

  if (runId && runs === null) return <div className="screen"><Spinner label="Loading runs…" /></div>;
  if (!runId || !run) {
    return (
      <div className="screen">
        <ScreenHeader title="Export" />
        <EmptyState icon="export" title={runId ? 'This run is not on the host any more' : 'No run to export'} action={<Button variant="primary" onClick={() => navigate({ screen: 'results' })}>Pick a run</Button>}>
          Export works on a finished run: open one on the Results screen.
        </EmptyState>
        <DeployExport />
      </div>
    );
  }

  const exportAs = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const result = await api().exportReport({ runId, format });
      if (result.savedTo) {
        setSaved((s) => ({ ...s, [format]: result.savedTo! }));
        notify('good', `Saved ${baseName(result.savedTo)}.`, result.savedTo);
      } else if (result.downloadUrl) {
        if (format === 'pdf') {
          const printed = await printReport(result.downloadUrl).catch(() => false);
          if (!printed) {
            window.open(result.downloadUrl, '_blank', 'noopener');
            notify('info', 'The report opened in a new tab.', 'Press Ctrl+P (⌘P on a Mac) there and choose "Save as PDF".');
          }
        } else {
          download(result.downloadUrl);
          setSaved((s) => ({ ...s, [format]: 'downloaded' }));
        }
      }
    } catch (e) {
      const data = errorDataOf(e);
      if (data.code !== 'CANCELLED') notify('bad', data.message, data.hint);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="screen">
      <ScreenHeader
        title="Export"
        sub={`${baseName(run.reference)} vs ${baseName(run.candidate)} · ${dateTime(run.createdAt)}`}
        actions={
          <Button onClick={() => navigate({ screen: 'results', runId })} icon="results">
            Back to results
          </Button>
        }
      />
      <div className="export-grid">
        {FORMATS.map((f) => (
          <Card key={f.format} title={f.title} id={`export-${f.format}`} level={2}>
            <p className="muted">{f.body}</p>
            {f.format === 'pdf' && host === 'web' && <p className="small muted">In the browser: the print dialog opens on the report; choose “Save as PDF”.</p>}
            <div className="row export-actions">
              <Button variant={f.format === 'html' ? 'primary' : 'secondary'} icon="download" busy={busy === f.format} onClick={() => void exportAs(f.format)}>
                {host === 'desktop' ? `Save ${f.title}…` : f.format === 'pdf' ? 'Print to PDF…' : `Download ${f.format.toUpperCase()}`}
              </Button>
              {saved[f.format] && (
                <span className="small good truncate" title={saved[f.format]}>
                  {saved[f.format] === 'downloaded' ? 'Downloaded' : `Saved to ${saved[f.format]}`}
                </span>
              )}
            </div>
          </Card>
        ))}
      </div>
      <DeployExport />
      <Card title="Report preview" id="report-preview" subtitle="The HTML report as exported">
        <iframe className="report-frame" title="HTML report preview" src={api().runAssetUrl(runId, 'report.html')} sandbox="allow-scripts" loading="lazy" />
      </Card>
    </div>
  );
}
