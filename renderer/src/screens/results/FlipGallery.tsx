/** Images on which the candidate's top-1 differs from the reference's — clean or under a perturbation — as cards. */
import { useMemo, useState } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { STORED_THUMBNAILS } from '../../../../shared/contract/jobs/compare.js';
import { Card } from '../../components/Card.js';
import { Badge, EmptyState } from '../../components/Feedback.js';
import { Segmented } from '../../components/Field.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { compact, count, probability } from '../../format/numbers.js';
import { ModelView } from './ModelView.js';
import { perturbationTitle } from '../../../../shared/perturbations/index.js';
import { formatMetric, METRICS } from '../../../../shared/report/metric-meaning.js';
import { formatReadText } from '../../../../shared/report/format.js';
import { cleanFlips, perturbedFlips, topDisagreeing, type GalleryItem, type GalleryMode } from './gallery-items.js';
import type { ImageRow } from './image-rows.js';
import './FlipGallery.css';

const TOP_COUNT = STORED_THUMBNAILS;

function subtitleOf(mode: GalleryMode, shown: number, total: number, reads: boolean): string {
  const s = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
  if (mode === 'clean') return `${s(shown, 'clean image')} where ${reads ? 'the text read' : 'the top-1 class'} changed, most disagreeing first`;
  if (mode === 'perturbed') return total > shown ? `${count(shown)} examples of ${s(total, 'flip')} under perturbation (the run keeps the largest per perturbation)` : `${s(shown, 'flip')} under perturbation, most disagreeing first`;
  return `the ${count(shown)} most disagreeing clean images`;
}

export function FlipGallery({ runId, report, rows, selectedKey, onSelect }: { runId: string; report: ParityReport; rows: readonly ImageRow[]; selectedKey: string | null; onSelect: (item: GalleryItem) => void }) {
  const clean = useMemo(() => cleanFlips(rows), [rows]);
  const perturbed = useMemo(() => perturbedFlips(report, rows), [report, rows]);
  const top = useMemo(() => topDisagreeing(rows, TOP_COUNT), [rows]);
  const [mode, setMode] = useState<GalleryMode>(clean.length > 0 ? 'clean' : perturbed.items.length > 0 ? 'perturbed' : 'top');
  const [active, setActive] = useState(-1);
  const items = mode === 'clean' ? clean : mode === 'perturbed' ? perturbed.items : top;
  const hasPerturbations = (report.perturbations?.length ?? 0) > 0;

  const options: Array<{ value: GalleryMode; label: string }> = [{ value: 'clean', label: `Clean flips (${count(clean.length)})` }];
  if (hasPerturbations) options.push({ value: 'perturbed', label: `Under perturbation (${count(perturbed.total)})` });
  options.push({ value: 'top', label: 'Most disagreeing' });

  return (
    <Card
      title="Flip gallery"
      id="gallery"
      subtitle={subtitleOf(mode, items.length, perturbed.total, rows.some((r) => r.cer !== null))}
      actions={
        <Segmented
          label="Gallery shows"
          value={mode}
          onChange={(m) => {
            setMode(m);
            setActive(-1);
          }}
          options={options}
        />
      }
    >
      {items.length === 0 ? (
        <EmptyState icon="check" title={mode === 'top' ? 'No disagreement at all' : 'No flips'}>
          {mode === 'clean' ? 'The candidate predicts the same top-1 class as the reference on every clean image.' : mode === 'perturbed' ? 'The candidate keeps the reference’s top-1 class under every perturbation tried.' : 'Both models give identical outputs on every image.'}
        </EmptyState>
      ) : (
        <VirtualGrid
          idPrefix="flip"
          label="Flip gallery"
          itemCount={items.length}
          minItemWidth={200}
          rowHeight={234}
          maxHeight={440}
          active={active}
          onActiveChange={setActive}
          onSelect={(i) => items[i] && onSelect(items[i])}
          renderItem={(i, isActive) => {
            const item = items[i]!;
            return (
              <div
                key={item.key}
                id={`flip-${i}`}
                role="option"
                aria-selected={selectedKey === item.key}
                className={`flip-card${isActive ? ' is-active' : ''}${selectedKey === item.key ? ' is-selected' : ''}`}
                onClick={() => {
                  setActive(i);
                  onSelect(item);
                }}
              >
                <ModelView runId={runId} report={report} relPath={item.path} alt={item.perturbation ? `${item.path} under ${perturbationTitle(item.perturbation.name)} ${item.perturbation.severity}` : item.path} perturbation={item.perturbation} />
                <p className="flip-path mono truncate" title={item.path}>
                  {item.path}
                </p>
                {item.text ? (
                  <p className="flip-preds small truncate">
                    <code className="read ref-ink">{item.text.reference === null ? '—' : formatReadText(item.text.reference)}</code> → <code className="read cand-ink">{item.text.candidate === null ? '—' : formatReadText(item.text.candidate)}</code> {METRICS.characterErrorRate.short} {formatMetric('characterErrorRate', item.text.cer)}
                  </p>
                ) : item.referenceProb !== null || item.candidateProb !== null ? (
                  <p className="flip-preds small" aria-label={`reference ${item.referenceClass}, candidate ${item.candidateClass}`}>
                    <span className="ref-ink" title={`reference: ${item.referenceClass}`}>{item.referenceClass}</span>
                    <span className="prob">{item.referenceProb !== null ? probability(item.referenceProb) : ''}</span>
                    <span className="cand-ink" title={`candidate: ${item.candidateClass}`}>→ {item.candidateClass}</span>
                    <span className="prob">{item.candidateProb !== null ? probability(item.candidateProb) : ''}</span>
                  </p>
                ) : (
                  <p className="flip-preds small">{item.iou !== null ? `${METRICS.iou.label} ${formatMetric('iou', item.iou)}` : 'no classes'}</p>
                )}
                <p className="flip-meta small muted row nowrap">
                  {item.perturbation && (
                    <Badge tone="warn" title={`${perturbationTitle(item.perturbation.name)} at severity ${item.perturbation.severity}`}>
                      {perturbationTitle(item.perturbation.name)} {item.perturbation.severity}
                    </Badge>
                  )}
                  <span className="truncate" title={`${item.label !== null ? `label ${item.label} · ` : ''}disagreement ${compact(item.disagreement)}`}>
                    {item.label !== null ? `label ${item.label} · ` : ''}Δ {compact(item.disagreement)}
                  </span>
                </p>
              </div>
            );
          }}
        />
      )}
    </Card>
  );
}
