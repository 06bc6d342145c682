/** Variants made from the model: size against the source, and the manifest (what changed, what stayed float). */
import { useState } from 'react';
import type { ConversionManifest } from '../../../../shared/report/conversion-manifest.js';
import { Card } from '../../components/Card.js';
import { Table } from '../../components/Table.js';
import { Badge, EmptyState } from '../../components/Feedback.js';
import { Button } from '../../components/Button.js';
import { KeyValue } from '../../components/KeyValue.js';
import { PathText } from '../../components/PathText.js';
import { bytes, count, ratio } from '../../format/numbers.js';
import { relativeTime } from '../../format/time.js';
import type { Variant } from './variants.js';
import { SearchResults } from './SearchResults.js';

function OpChanges({ manifest }: { manifest: ConversionManifest }) {
  const ops = [...new Set([...Object.keys(manifest.opsBefore), ...Object.keys(manifest.opsAfter)])]
    .map((op) => ({ op, before: manifest.opsBefore[op] ?? 0, after: manifest.opsAfter[op] ?? 0 }))
    .filter((o) => o.before !== o.after)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.op.localeCompare(b.op));
  if (ops.length === 0) return <p className="muted small">Same operators as the source.</p>;
  return (
    <Table
      label="Operator counts that changed"
      compact
      rows={ops.slice(0, 14)}
      rowKey={(o) => o.op}
      columns={[
        { key: 'op', header: 'Op', className: 'mono', cell: (o) => o.op },
        { key: 'before', header: 'Before', align: 'right', cell: (o) => count(o.before) },
        { key: 'after', header: 'After', align: 'right', cell: (o) => count(o.after) },
      ]}
    />
  );
}

function ManifestDetails({ variant }: { variant: Variant }) {
  const m = variant.manifest;
  const verdict = new Set(m.search?.verdict ?? []);
  const notes = m.notes.filter((n) => !verdict.has(n));
  return (
    <div className="manifest" data-testid="manifest">
      {m.search && <SearchResults search={m.search} />}
      {notes.length > 0 && (
        <ul className="notes">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <div className="grid-2">
        <div className="stack">
          <KeyValue
            columns={2}
            items={[
              { key: 'Source', value: bytes(m.source.sizeBytes) },
              { key: 'Variant', value: bytes(m.output.sizeBytes) },
              { key: 'Quantized nodes', value: count(m.nodes.quantized.length) },
              { key: 'Kept in float', value: count(m.nodes.excluded.length) },
              { key: 'Calibration', value: m.calibration ? `${m.calibration.method}, ${count(m.calibration.images)} images, seed ${m.calibration.seed}` : 'none' },
              { key: 'ONNX Runtime', value: m.ortVersion },
            ]}
          />
          <p className="small muted mono truncate" title={m.output.sha256}>
            sha256 {m.output.sha256.slice(0, 16)}…
          </p>
          {m.nodes.excluded.length > 0 && (
            <details>
              <summary>Nodes kept in float ({m.nodes.excluded.length})</summary>
              <ul className="small excluded">
                {m.nodes.excluded.slice(0, 200).map((e) => (
                  <li key={e.name}>
                    <span className="mono">{e.name}</span> — {e.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {m.calibration?.skippedFiles && m.calibration.skippedFiles.length > 0 && (
            <details>
              <summary>Calibration files skipped ({count(m.calibration.skipped ?? m.calibration.skippedFiles.length)})</summary>
              <ul className="small excluded" data-testid="calibration-skipped">
                {m.calibration.skippedFiles.map((f) => (
                  <li key={f.path}>
                    <span className="mono">{f.path}</span> — {f.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {m.speed && <p className="small muted">Timed on {m.speed.input}.</p>}
          <details>
            <summary>Options</summary>
            <pre className="code small">{JSON.stringify(m.options, null, 2)}</pre>
          </details>
        </div>
        <OpChanges manifest={m} />
      </div>
    </div>
  );
}

export function VariantList({ variants }: { variants: readonly Variant[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title="Variants" id="variants" subtitle="Each variant is a deployable ONNX file with a manifest next to it.">
      {variants.length === 0 ? (
        <EmptyState icon="convert" title="No variants yet">
          Pick one or more recipes above and press Convert. Variants then appear here and on the Run screen.
        </EmptyState>
      ) : (
        <ul className="variant-list">
          {variants.map((v) => {
            const expanded = open === v.output;
            return (
              <li key={v.output} className="variant" data-testid={`variant-${v.recipe}`}>
                <div className="variant-row">
                  <span className="row">
                    <Badge tone="accent">{v.recipe}</Badge>
                    {v.manifest.search && (
                      <Badge tone={v.manifest.search.met ? 'good' : 'bad'} title={v.manifest.search.verdict[0]}>
                        {v.manifest.search.met ? 'searched: target met' : 'searched: target missed'}
                      </Badge>
                    )}
                  </span>
                  <PathText path={v.output} />
                  <span className="num">{bytes(v.manifest.output.sizeBytes)}</span>
                  <span className={`num ${v.manifest.sizeRatio < 0.95 ? 'good' : 'muted'}`} title="size of the variant / size of the source">
                    {ratio(v.manifest.sizeRatio)} size
                  </span>
                  <span className="muted small">{v.finishedAt ? relativeTime(v.finishedAt) : ''}</span>
                  <Button size="sm" variant="ghost" icon={expanded ? 'chevronDown' : 'chevronRight'} aria-expanded={expanded} onClick={() => setOpen(expanded ? null : v.output)}>
                    Manifest
                  </Button>
                </div>
                {expanded && <ManifestDetails variant={v} />}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
