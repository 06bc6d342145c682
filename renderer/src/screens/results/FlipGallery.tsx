/** Images on which the candidate's top-1 differs from the reference's (or the most disagreeing ones), as cards. */
import { useMemo, useState } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { Segmented } from '../../components/Field.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { compact, count, probability } from '../../format/numbers.js';
import { ModelView } from './ModelView.js';
import type { ImageRow } from './image-rows.js';

type Mode = 'flips' | 'top';
const TOP_COUNT = 48;

export function FlipGallery({ runId, report, rows, selected, onSelect }: { runId: string; report: ParityReport; rows: readonly ImageRow[]; selected: number | null; onSelect: (row: ImageRow) => void }) {
  const flips = useMemo(() => rows.filter((r) => r.agree === false).sort((a, b) => b.disagreement - a.disagreement || a.index - b.index), [rows]);
  const top = useMemo(() => rows.filter((r) => r.disagreement > 0).sort((a, b) => b.disagreement - a.disagreement || a.index - b.index).slice(0, TOP_COUNT), [rows]);
  const [mode, setMode] = useState<Mode>(flips.length > 0 ? 'flips' : 'top');
  const [active, setActive] = useState(-1);
  const items = mode === 'flips' ? flips : top;

  return (
    <Card
      title="Flip gallery"
      id="gallery"
      subtitle={mode === 'flips' ? `${count(flips.length)} images where the top-1 class changed, most disagreeing first` : `the ${count(top.length)} most disagreeing images`}
      actions={
        <Segmented
          label="Gallery shows"
          value={mode}
          onChange={(m) => {
            setMode(m);
            setActive(-1);
          }}
          options={[
            { value: 'flips', label: `Flips (${count(flips.length)})` },
            { value: 'top', label: 'Most disagreeing' },
          ]}
        />
      }
    >
      {items.length === 0 ? (
        <EmptyState icon="check" title={mode === 'flips' ? 'No flips' : 'No disagreement at all'}>
          {mode === 'flips' ? 'The candidate predicts the same top-1 class as the reference on every image.' : 'Both models give identical outputs on every image.'}
        </EmptyState>
      ) : (
        <VirtualGrid
          idPrefix="flip"
          label="Flip gallery"
          itemCount={items.length}
          minItemWidth={190}
          rowHeight={206}
          maxHeight={430}
          active={active}
          onActiveChange={setActive}
          onSelect={(i) => items[i] && onSelect(items[i])}
          renderItem={(i, isActive) => {
            const r = items[i]!;
            return (
              <div
                key={r.index}
                id={`flip-${i}`}
                role="option"
                aria-selected={selected === r.index}
                className={`flip-card${isActive ? ' is-active' : ''}${selected === r.index ? ' is-selected' : ''}`}
                onClick={() => {
                  setActive(i);
                  onSelect(r);
                }}
              >
                <ModelView runId={runId} report={report} relPath={r.path} alt={r.path} />
                <p className="flip-path mono truncate" title={r.path}>
                  {r.path}
                </p>
                <p className="flip-preds small">
                  <span className="ref-ink">{r.referenceClass}</span> {r.reference ? probability(r.reference.prob) : ''} → <span className="cand-ink">{r.candidateClass}</span> {r.candidate ? probability(r.candidate.prob) : ''}
                </p>
                <p className="flip-meta small muted">
                  {r.label !== null ? `label ${r.label} · ` : ''}Δ {compact(r.disagreement)}
                </p>
              </div>
            );
          }}
        />
      )}
    </Card>
  );
}
