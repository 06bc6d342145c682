/** All finished runs the host knows, newest first: open or delete. */
import { useState } from 'react';
import type { RunListing } from '../../../../shared/contract/host-api.js';
import { errorDataOf } from '../../api/host-error.js';
import { api } from '../../state/client.js';
import { refreshRuns } from '../../state/host.js';
import { notify } from '../../state/notices.js';
import { Card } from '../../components/Card.js';
import { Table } from '../../components/Table.js';
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
        <Table
          label="Finished runs"
          rows={sorted}
          rowKey={(run) => run.runId}
          columns={[
            { key: 'when', header: 'When', cell: (run) => <span className="num">{dateTime(run.createdAt)}</span>, sortValue: (run) => run.createdAt },
            { key: 'reference', header: 'Reference', text: 'wrap', cell: (run) => baseName(run.reference), title: (run) => run.reference, sortValue: (run) => baseName(run.reference) },
            {
              key: 'candidate',
              header: 'Candidate',
              text: 'wrap',
              title: (run) => run.candidate,
              sortValue: (run) => baseName(run.candidate),
              cell: (run) => (
                <>
                  {baseName(run.candidate)} {run.hasPerturbations && <Badge tone="accent">perturbations</Badge>}
                </>
              ),
            },
            { key: 'images', header: 'Images', align: 'right', cell: (run) => count(run.images), sortValue: (run) => run.images },
            { key: 'agreement', header: 'Top-1 agreement', align: 'right', cell: (run) => percent(run.top1Agreement), sortValue: (run) => run.top1Agreement },
            {
              key: 'gate',
              header: 'Gate',
              cell: (run) => (run.gatePassed === null ? <span className="muted" title="No gate was set for this run">—</span> : run.gatePassed ? <Badge tone="good">pass</Badge> : <Badge tone="bad">fail</Badge>),
            },
            {
              key: 'actions',
              header: 'Actions',
              srHeader: true,
              align: 'right',
              cell: (run) => (
                <>
                  <Button size="sm" onClick={() => navigate({ screen: 'results', runId: run.runId })}>
                    Open
                  </Button>
                  <Button size="sm" variant="ghost" icon="trash" aria-label={`Delete run of ${dateTime(run.createdAt)}`} busy={deleting === run.runId} onClick={() => void remove(run)} />
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
