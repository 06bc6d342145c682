/** All finished runs the host knows, newest first: open or delete. */
import { useState } from 'react';
import type { RunListing } from '../../../../shared/contract/host-api.js';
import { errorDataOf } from '../../api/host-error.js';
import { api, refreshRuns } from '../../state/host.js';
import { notify } from '../../state/notices.js';
import { Card } from '../../components/Card.js';
import { Button } from '../../components/Button.js';
import { Badge, EmptyState } from '../../components/Feedback.js';
import { baseName } from '../../format/paths.js';
import { count, percent } from '../../format/numbers.js';
import { dateTime } from '../../format/time.js';
import { navigate } from '../../app/routes.js';
import { forgetReport } from './use-report.js';
import { OpenRunFolder } from './OpenRunFolder.js';

export function RunList({ runs }: { runs: readonly RunListing[] }) {
  const [deleting, setDeleting] = useState<string | null>(null);
  const sorted = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const remove = async (run: RunListing) => {
    if (!window.confirm(`Delete the run ${baseName(run.reference)} vs ${baseName(run.candidate)} of ${dateTime(run.createdAt)} and its files?`)) return;
    setDeleting(run.runId);
    try {
      await api().deleteRun({ runId: run.runId });
      forgetReport(run.runId);
      await refreshRuns();
    } catch (e) {
      const data = errorDataOf(e);
      notify('bad', data.message, data.hint);
    } finally {
      setDeleting(null);
    }
  };
  return (
    <Card title="Runs" id="runs" subtitle={`${count(runs.length)} finished run${runs.length === 1 ? '' : 's'}`}>
      <OpenRunFolder />
      {sorted.length === 0 ? (
        <EmptyState icon="run" title="No runs yet" action={<Button variant="primary" onClick={() => navigate({ screen: 'run' })}>Go to Run</Button>}>
          Run parity between a model and its variant; the results appear here. A run written by the `parity` command opens by its folder above.
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Reference</th>
              <th scope="col">Candidate</th>
              <th scope="col" className="right">
                Images
              </th>
              <th scope="col" className="right">
                Top-1 agreement
              </th>
              <th scope="col">Gate</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((run) => (
              <tr key={run.runId}>
                <td className="num">{dateTime(run.createdAt)}</td>
                <td className="truncate" title={run.reference}>
                  {baseName(run.reference)}
                </td>
                <td title={run.candidate}>
                  <span className="row nowrap">
                    <span className="truncate">{baseName(run.candidate)}</span>
                    {run.hasPerturbations && <Badge tone="accent">perturbations</Badge>}
                  </span>
                </td>
                <td className="right num">{count(run.images)}</td>
                <td className="right num">{percent(run.top1Agreement)}</td>
                <td>{run.gatePassed === null ? <span className="muted" title="No gate was set for this run">—</span> : run.gatePassed ? <Badge tone="good">pass</Badge> : <Badge tone="bad">fail</Badge>}</td>
                <td className="right nowrap">
                  <Button size="sm" onClick={() => navigate({ screen: 'results', runId: run.runId })}>
                    Open
                  </Button>
                  <Button size="sm" variant="ghost" icon="trash" aria-label={`Delete run of ${dateTime(run.createdAt)}`} busy={deleting === run.runId} onClick={() => void remove(run)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
