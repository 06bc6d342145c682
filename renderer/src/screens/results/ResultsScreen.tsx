/** Results: the run's headline figures, robustness and clean charts, flips, one image in detail, every image. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import type { RunListing } from '../../../../shared/contract/host-api.js';
import { appStore } from '../../state/app-state.js';
import { useSelect } from '../../state/store.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Button } from '../../components/Button.js';
import { ErrorBanner, Spinner } from '../../components/Feedback.js';
import { SelectInput } from '../../components/Field.js';
import { baseName } from '../../format/paths.js';
import { count, duration } from '../../format/numbers.js';
import { dateTime } from '../../format/time.js';
import { navigate } from '../../app/routes.js';
import { useReport } from './use-report.js';
import { imageRows, tableLayout, type ImageRow } from './image-rows.js';
import { SummaryCards } from './SummaryCards.js';
import { GateBanner } from './GateBanner.js';
import { RobustnessCharts } from './RobustnessCharts.js';
import { CleanCharts, SpeedSection } from './CleanCharts.js';
import { FlipGallery } from './FlipGallery.js';
import { ImageViewer, type ViewerSelection } from './ImageViewer.js';
import { cleanFlips, perturbedFlips, topDisagreeing, type GalleryItem } from './gallery-items.js';
import { PerImageTable } from './PerImageTable.js';
import { RunList } from './RunList.js';
import { WhereFlipsGo } from './WhereFlipsGo.js';
import { Confidence } from './Confidence.js';
import { CandidatesSideBySide } from './CandidatesSideBySide.js';
import { AllFigures } from './AllFigures.js';
import './ResultsScreen.css';
import { LayersCard } from './LayersCard.js';
import { ShardBanner, ShardsCard } from './Shards.js';
import { ServingSection } from './ServingSection.js';

/** The item the viewer opens on: the most disagreeing flip (clean, else perturbed), else the most disagreeing image. */
function firstSelection(report: ParityReport, rows: readonly ImageRow[]): ViewerSelection | null {
  const item = cleanFlips(rows)[0] ?? perturbedFlips(report, rows).items[0] ?? topDisagreeing(rows, 1)[0];
  return item ? selectionOf(item, rows) : null;
}

function selectionOf(item: GalleryItem, rows: readonly ImageRow[]): ViewerSelection | null {
  const row = item.index === null ? undefined : rows[item.index];
  return row ? { key: item.key, row, perturbation: item.perturbation } : null;
}

function RunResults({ runId, report }: { runId: string; report: ParityReport }) {
  const rows = useMemo(() => imageRows(report), [report]);
  const [selection, setSelection] = useState<ViewerSelection | null>(() => firstSelection(report, rows));
  useEffect(() => setSelection(firstSelection(report, rows)), [report, rows]);
  const reveal = () => document.getElementById('viewer')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  const selectRow = useCallback((row: ImageRow) => {
    setSelection({ key: `clean:${row.index}`, row, perturbation: null });
    reveal();
  }, []);
  const selectItem = useCallback(
    (item: GalleryItem) => {
      const next = selectionOf(item, rows);
      if (next) setSelection(next);
      reveal();
    },
    [rows],
  );
  const step = (delta: number) => {
    const at = selection?.row.index ?? -1;
    const row = rows[Math.max(0, Math.min(rows.length - 1, at + delta))];
    if (row) setSelection({ key: `clean:${row.index}`, row, perturbation: null });
  };
  return (
    <>
      <ShardBanner report={report} />
      <GateBanner gate={report.gate} />
      <SummaryCards report={report} rows={rows} />
      <CandidatesSideBySide report={report} />
      <RobustnessCharts report={report} />
      <div className="results-pair">
        <FlipGallery runId={runId} report={report} rows={rows} selectedKey={selection?.key ?? null} onSelect={selectItem} />
        <ImageViewer runId={runId} report={report} selection={selection} onStep={step} />
      </div>
      <WhereFlipsGo report={report} />
      <PerImageTable rows={rows} layout={tableLayout(report)} selected={selection && !selection.perturbation ? selection.row.index : null} onSelect={selectRow} />
      <CleanCharts report={report} />
      <AllFigures report={report} />
      <Confidence report={report} />
      {report.layers && <LayersCard layers={report.layers} manifest={report.models.candidate.manifest} />}
      {report.shards ? <ShardsCard report={report} /> : <SpeedSection report={report} />}
      <ServingSection report={report} />
    </>
  );
}

/** Runs of the same reference model as the run shown, newest first: other projects' runs are on "All runs…". */
function siblingRuns(runs: readonly RunListing[], shown: RunListing | null): RunListing[] {
  return runs.filter((r) => !shown || r.runId === shown.runId || r.reference === shown.reference).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function ResultsScreen({ runId }: { runId: string | null }) {
  const runs = useSelect(appStore, (s) => s.runs);
  const state = useReport(runId);
  const listing = runs?.find((r) => r.runId === runId) ?? null;

  if (!runId) {
    return (
      <div className="screen">
        <ScreenHeader title="Results" />
        <RunList runs={runs ?? []} />
      </div>
    );
  }

  const report = state.status === 'ready' ? state.report : null;
  const title = report
    ? `${baseName(report.models.reference.path)} vs ${report.candidates && report.candidates.length > 1 ? report.candidates.map((c) => c.name).join(', ') : baseName(report.models.candidate.path)}` : listing ? `${baseName(listing.reference)} vs ${baseName(listing.candidate)}` : 'Results';
  return (
    <div className="screen" data-testid="results">
      <ScreenHeader
        title={title}
        sub={report ? `${count(report.images.count)} images${report.images.skipped.length ? ` (${count(report.images.skipped.length)} skipped)` : ''} · ${report.perturbations?.length ? `${new Set(report.perturbations.map((p) => p.name)).size} perturbations · ` : ''}${dateTime(report.createdAt)} · took ${duration(report.timings.totalMs)}` : undefined}
        actions={
          <>
            <SelectInput aria-label="Run" value={runId} onChange={(e) => navigate({ screen: 'results', runId: e.target.value || null })} className="w-run">
              <option value="">All runs…</option>
              {siblingRuns(runs ?? [], listing ?? null)
                .map((r) => (
                  <option key={r.runId} value={r.runId}>
                    {dateTime(r.createdAt)} · {baseName(r.candidate)}
                  </option>
                ))}
            </SelectInput>
            <Button icon="export" onClick={() => navigate({ screen: 'export', runId })}>
              Export
            </Button>
          </>
        }
      />
      {state.status === 'loading' && <Spinner label="Loading the report…" />}
      {state.status === 'failed' && <ErrorBanner error={state.error} action={<Button size="sm" onClick={() => navigate({ screen: 'results' })}>All runs</Button>} />}
      {report && <RunResults runId={runId} report={report} />}
    </div>
  );
}
