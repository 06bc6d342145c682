/**
 * A quantized candidate's layerwise error: SQNR along the graph and every compared tensor; a click keeps a node in
 * float and converts again with the candidate's own recipe and options (its manifest), as a new variant.
 */
import { useCallback, useState } from 'react';
import { layerSqnrSpec, type ChartScheme } from '../../../../shared/charts/index.js';
import type { Layerwise } from '../../../../shared/report/layers-section.js';
import type { ConversionManifest } from '../../../../shared/report/conversion-manifest.js';
import { errorDataOf } from '../../api/host-error.js';
import { navigate } from '../../app/routes.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { Button } from '../../components/Button.js';
import { Card } from '../../components/Card.js';
import { compact } from '../../format/numbers.js';
import { baseName } from '../../format/paths.js';
import { startJob } from '../../state/jobs.js';
import { notify } from '../../state/notices.js';
import { reconvertParams } from './reconvert.js';
import './LayersCard.css';

const db = (v: number | null): string => (v === null ? '∞' : v.toFixed(1));

export function LayersCard({ layers, manifest }: { layers: Layerwise; manifest: ConversionManifest | undefined }) {
  const chart = useCallback((scheme: ChartScheme) => layerSqnrSpec(layers, { scheme, title: '', width: 'container' }), [layers]);
  const [started, setStarted] = useState<string[]>([]);
  const first = layers.firstBelowFloor === null ? null : layers.rows[layers.firstBelowFloor]!;
  const sensitive = layers.mostSensitive === null ? null : layers.rows[layers.mostSensitive]!;

  const keepInFloat = async (node: string) => {
    const params = manifest ? reconvertParams(manifest, node) : null;
    if (!params || !manifest) return;
    try {
      await startJob('convert', params, `convert ${baseName(manifest.source.path)} → ${manifest.recipe} without ${node}`);
      setStarted((s) => [...s, node]);
      notify('info', `Converting again with ${node} in float.`, 'The new variant appears on the Convert screen.');
    } catch (e) {
      const data = errorDataOf(e);
      notify('bad', data.message, data.hint);
    }
  };

  return (
    <Card
      title="Layerwise error"
      id="layers"
      subtitle={`${layers.rows.length} tensors matched by name on ${layers.images} image(s); floor ${layers.floorDb} dB`}
      actions={
        started.length > 0 ? (
          <Button size="sm" onClick={() => navigate({ screen: 'convert' })}>
            See the new variant{started.length > 1 ? 's' : ''}
          </Button>
        ) : undefined
      }
    >
      <p data-testid="layers-headline">
        {first === null
          ? `No tensor falls below ${layers.floorDb} dB SQNR.`
          : `First below ${layers.floorDb} dB: ${first.tensor}, written by ${first.candidateNode || first.node} (${first.candidateOp}), at ${db(first.sqnrDb)} dB.`}
        {sensitive !== null && ` Most sensitive alone: ${sensitive.candidateNode || sensitive.node} (${sensitive.aloneSqnrDb!.toFixed(1)} dB).`}
      </p>
      {layers.rows.some((r) => r.sqnrDb !== null) && <LazyChart build={chart} description="SQNR of each tensor along the graph, and of each quantized node alone" minHeight={260} />}
      {!manifest && <p className="muted small">The candidate has no conversion manifest next to it, so a node cannot be kept in float from here.</p>}
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Layerwise error per tensor">
          <thead>
            <tr>
              <th scope="col" className="right">
                #
              </th>
              <th scope="col">Tensor</th>
              <th scope="col">Node</th>
              <th scope="col" className="right">
                SQNR dB
              </th>
              <th scope="col" className="right" title="the node quantized alone, fed the reference's exact inputs">
                Alone dB
              </th>
              <th scope="col" className="right">
                Cosine
              </th>
              <th scope="col" className="right">
                Max |Δ|
              </th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {layers.rows.map((r, i) => {
              const node = r.candidateNode;
              const excludable = manifest !== undefined && r.quantized && node !== '' && r.aloneSqnrDb !== null;
              return (
                <tr key={`${r.tensor}-${i}`} className={i === layers.firstBelowFloor ? 'is-flagged' : undefined}>
                  <td className="right num">{i + 1}</td>
                  <td className="mono truncate" title={r.tensor}>
                    {r.tensor}
                  </td>
                  <td className="mono truncate" title={`${node || r.node} (${r.candidateOp})`}>
                    {node || r.node} <span className="muted">{r.candidateOp}</span>
                  </td>
                  <td className={`right num${r.sqnrDb !== null && r.sqnrDb < layers.floorDb ? ' bad' : ''}`}>{db(r.sqnrDb)}</td>
                  <td className="right num">{r.aloneSqnrDb === null ? '—' : r.aloneSqnrDb.toFixed(1)}</td>
                  <td className="right num">{r.cosine === null ? '—' : r.cosine.toFixed(5)}</td>
                  <td className="right num">{compact(r.maxAbsDiff)}</td>
                  <td>
                    {excludable && (
                      <Button size="sm" variant="ghost" disabled={started.includes(node)} onClick={() => void keepInFloat(node)} aria-label={`Keep ${node} in float and convert again`}>
                        {started.includes(node) ? 'Converting…' : 'Keep in float'}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
