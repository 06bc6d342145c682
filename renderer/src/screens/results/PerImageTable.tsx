/** Every image of the run in a sortable, filterable, virtualised table (keyboard: arrows, Enter opens the image). */
import { useMemo, useState } from 'react';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { SelectInput, TextInput } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { VirtualRows } from '../../components/VirtualRows.js';
import { compact, count, probability } from '../../format/numbers.js';
import { ROW_FILTERS, filterRows, sortRows, type ImageRow, type RowFilterKind, type SortDir, type SortKey } from './image-rows.js';

const ROW_HEIGHT = 30;
const HEIGHT = 420;

const COLUMNS: ReadonlyArray<{ key: SortKey; title: string; className?: string }> = [
  { key: 'path', title: 'Image' },
  { key: 'label', title: 'Label' },
  { key: 'reference', title: 'Reference top-1' },
  { key: 'candidate', title: 'Candidate top-1' },
  { key: 'agree', title: 'Agree' },
  { key: 'disagreement', title: 'Disagreement', className: 'right' },
  { key: 'maxAbs', title: 'Max |Δ|', className: 'right' },
];

function Correct({ value }: { value: boolean | null }) {
  if (value === null) return null;
  return value ? <Icon name="check" size={12} label="right" className="good" /> : <Icon name="x" size={12} label="wrong" className="bad" />;
}

export function PerImageTable({ rows, selected, onSelect }: { rows: readonly ImageRow[]; selected: number | null; onSelect: (row: ImageRow) => void }) {
  const [sortKey, setSortKey] = useState<SortKey>('disagreement');
  const [sortDir, setSortDir] = useState<SortDir>('desc');
  const [kind, setKind] = useState<RowFilterKind>('all');
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const shown = useMemo(() => sortRows(filterRows(rows, kind, text), sortKey, sortDir), [rows, kind, text, sortKey, sortDir]);

  const sortBy = (key: SortKey) => {
    if (key === sortKey) setSortDir(sortDir === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      setSortDir(key === 'disagreement' || key === 'maxAbs' ? 'desc' : 'asc');
    }
  };

  const header = (
    <div className="trow thead" role="row" aria-rowindex={1}>
      {COLUMNS.map((c) => (
        <div key={c.key} role="columnheader" className={`tcell col-${c.key}${c.className ? ` ${c.className}` : ''}`} aria-sort={sortKey === c.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}>
          <button type="button" className="sort-btn" onClick={() => sortBy(c.key)}>
            {c.title}
            {sortKey === c.key && <Icon name={sortDir === 'asc' ? 'arrowUp' : 'arrowDown'} size={12} />}
          </button>
        </div>
      ))}
    </div>
  );

  return (
    <Card
      title="Per image"
      id="per-image"
      subtitle={`${count(shown.length)} of ${count(rows.length)} images`}
      actions={
        <>
          <SelectInput aria-label="Which images" value={kind} onChange={(e) => setKind(e.target.value as RowFilterKind)}>
            {Object.entries(ROW_FILTERS).map(([k, title]) => (
              <option key={k} value={k}>
                {title}
              </option>
            ))}
          </SelectInput>
          <TextInput type="search" aria-label="Filter by path, label or class" placeholder="Filter…" value={text} onChange={(e) => setText(e.target.value)} className="w-filter" />
        </>
      }
    >
      {shown.length === 0 ? (
        <EmptyState icon="search" title="No image matches">
          {kind === 'all' ? 'Clear the filter text to see every image.' : `No image is in “${ROW_FILTERS[kind]}”${text ? ' with this text' : ''}.`}
        </EmptyState>
      ) : (
        <VirtualRows
          idPrefix="img-row"
          label="Per-image results"
          rowCount={shown.length}
          rowHeight={ROW_HEIGHT}
          height={Math.min(HEIGHT, (shown.length + 1) * ROW_HEIGHT + 2)}
          active={active}
          onActiveChange={setActive}
          onSelect={(i) => shown[i] && onSelect(shown[i])}
          header={header}
          className="table-grid"
          renderRow={(i, isActive) => {
            const r = shown[i]!;
            return (
              <div
                key={r.index}
                id={`img-row-${i}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={selected === r.index}
                className={`trow${isActive ? ' is-active' : ''}${selected === r.index ? ' is-selected' : ''}${r.agree === false ? ' is-flip' : ''}`}
                style={{ height: ROW_HEIGHT }}
                onClick={() => {
                  setActive(i);
                  onSelect(r);
                }}
              >
                <div role="gridcell" className="tcell col-path mono truncate" title={r.path}>
                  {r.path}
                </div>
                <div role="gridcell" className="tcell col-label truncate">
                  {r.label ?? <span className="muted">—</span>}
                </div>
                <div role="gridcell" className="tcell col-reference truncate">
                  <Correct value={r.referenceCorrect} /> {r.referenceClass} <span className="muted num">{r.reference ? probability(r.reference.prob) : ''}</span>
                </div>
                <div role="gridcell" className="tcell col-candidate truncate">
                  <Correct value={r.candidateCorrect} /> {r.candidateClass} <span className="muted num">{r.candidate ? probability(r.candidate.prob) : ''}</span>
                </div>
                <div role="gridcell" className="tcell col-agree">
                  {r.agree === null ? '—' : r.agree ? <span className="good">yes</span> : <strong className="bad">no</strong>}
                </div>
                <div role="gridcell" className="tcell col-disagreement right num">
                  {compact(r.disagreement)}
                </div>
                <div role="gridcell" className="tcell col-maxAbs right num">
                  {compact(r.maxAbs)}
                </div>
              </div>
            );
          }}
        />
      )}
    </Card>
  );
}
