/** Every image of the run in a sortable, filterable, virtualised table (keyboard: arrows, Enter opens the image). */
import { useMemo, useState, type ReactNode } from 'react';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { SelectInput, TextInput } from '../../components/Field.js';
import { Icon } from '../../components/Icon.js';
import { VirtualRows } from '../../components/VirtualRows.js';
import { compact, count, probability } from '../../format/numbers.js';
import { capitalized, formatReadText } from '../../../../shared/report/format.js';
import { formatMetric, METRICS } from '../../../../shared/report/metric-meaning.js';
import { ROW_FILTERS, filterRows, sortRows, type ImageRow, type RowFilterKind, type SortDir, type SortKey, type TableLayout } from './image-rows.js';

const ROW_HEIGHT = 30;
const HEIGHT = 420;

interface Column {
  key: SortKey;
  title: string;
  right?: boolean;
  cell: (r: ImageRow) => ReactNode;
  /** Cell text may be cut with an ellipsis (its full text in the tooltip). */
  truncate?: boolean;
}

function Correct({ value }: { value: boolean | null }) {
  if (value === null) return null;
  return value ? <Icon name="check" size={12} label="right" className="good" /> : <Icon name="x" size={12} label="wrong" className="bad" />;
}

const pathColumn: Column = { key: 'path', title: 'Image', truncate: true, cell: (r) => <span className="mono">{r.path}</span> };
const disagreementColumn: Column = { key: 'disagreement', title: 'Disagreement', right: true, cell: (r) => compact(r.disagreement) };
const maxAbsColumn: Column = { key: 'maxAbs', title: capitalized(METRICS.maxAbsDiff.label), right: true, cell: (r) => compact(r.maxAbs) };

/** Columns for classifiers: both top-1 classes and whether they agree. */
const CLASSIFICATION_COLUMNS: readonly Column[] = [
  pathColumn,
  { key: 'label', title: 'Label', truncate: true, cell: (r) => r.label ?? <span className="muted">—</span> },
  {
    key: 'reference',
    title: 'Reference top-1',
    truncate: true,
    cell: (r) => (
      <>
        <Correct value={r.referenceCorrect} /> {r.referenceClass} <span className="muted num">{r.reference ? probability(r.reference.prob) : ''}</span>
      </>
    ),
  },
  {
    key: 'candidate',
    title: 'Candidate top-1',
    truncate: true,
    cell: (r) => (
      <>
        <Correct value={r.candidateCorrect} /> {r.candidateClass} <span className="muted num">{r.candidate ? probability(r.candidate.prob) : ''}</span>
      </>
    ),
  },
  { key: 'agree', title: 'Agree', cell: (r) => (r.agree === null ? '—' : r.agree ? <span className="good">yes</span> : <strong className="bad">no</strong>) },
  disagreementColumn,
  maxAbsColumn,
];

/** Columns for dense and other outputs: overlap of the thresholded maps and element errors. */
const DENSE_COLUMNS: readonly Column[] = [
  pathColumn,
  { key: 'iou', title: METRICS.iou.label, right: true, cell: (r) => (r.iou === null ? '—' : formatMetric('iou', r.iou)) },
  { key: 'dice', title: METRICS.dice.label, right: true, cell: (r) => (r.dice === null ? '—' : formatMetric('dice', r.dice)) },
  { key: 'meanAbs', title: capitalized(METRICS.meanAbsDiff.label), right: true, cell: (r) => compact(r.meanAbs) },
  maxAbsColumn,
  disagreementColumn,
];

/** What a text recogniser read, spaces at either end shown as ␣. */
function Read({ text }: { text: string | null }) {
  return text === null ? <span className="muted">—</span> : <code className="read">{formatReadText(text)}</code>;
}

/** Columns for text recognisers: what each model read, whether it is the same text, and the character error rate. */
const SEQUENCE_COLUMNS: readonly Column[] = [
  pathColumn,
  { key: 'referenceText', title: 'Reference reads', truncate: true, cell: (r) => <Read text={r.referenceText} /> },
  { key: 'candidateText', title: 'Candidate reads', truncate: true, cell: (r) => <Read text={r.candidateText} /> },
  { key: 'agree', title: 'Same', cell: (r) => (r.agree === null ? '—' : r.agree ? <span className="good">yes</span> : <strong className="bad">no</strong>) },
  { key: 'cer', title: METRICS.characterErrorRate.short ?? METRICS.characterErrorRate.label, right: true, cell: (r) => (r.cer === null ? '—' : formatMetric('characterErrorRate', r.cer)) },
  disagreementColumn,
];

const COLUMNS: Readonly<Record<TableLayout, readonly Column[]>> = { sequence: SEQUENCE_COLUMNS, classification: CLASSIFICATION_COLUMNS, dense: DENSE_COLUMNS };
const FILTERS: Readonly<Record<TableLayout, readonly RowFilterKind[]>> = {
  sequence: ['all', 'differs', 'notClose'],
  classification: Object.keys(ROW_FILTERS) as RowFilterKind[],
  dense: ['all', 'notClose'],
};

function filterTitle(kind: RowFilterKind, layout: TableLayout): string {
  return kind === 'differs' && layout === 'sequence' ? 'Text differs' : ROW_FILTERS[kind];
}

export function PerImageTable({ rows, layout: tableLayout, selected, onSelect }: { rows: readonly ImageRow[]; layout: TableLayout; selected: number | null; onSelect: (row: ImageRow) => void }) {
  const columns = COLUMNS[tableLayout];
  const filters = FILTERS[tableLayout];
  const [sortKey, setSortKey] = useState<SortKey>('disagreement');
  const [sortDir, setSortDir] = useState<SortDir>('desc');
  const [kind, setKind] = useState<RowFilterKind>('all');
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const shown = useMemo(() => sortRows(filterRows(rows, kind, text), sortKey, sortDir), [rows, kind, text, sortKey, sortDir]);
  const layout = `trow-${tableLayout}`;

  const sortBy = (key: SortKey) => {
    if (key === sortKey) setSortDir(sortDir === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      // Errors, CER and disagreement read worst first; overlap (IoU, Dice) worst is lowest.
      setSortDir(key === 'disagreement' || key === 'maxAbs' || key === 'meanAbs' || key === 'cer' ? 'desc' : 'asc');
    }
  };

  const header = (
    <div className={`trow thead ${layout}`} role="row" aria-rowindex={1}>
      {columns.map((c) => (
        <div key={c.key} role="columnheader" className={`tcell${c.right ? ' right' : ''}`} aria-sort={sortKey === c.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}>
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
            {filters.map((k) => (
              <option key={k} value={k}>
                {filterTitle(k, tableLayout)}
              </option>
            ))}
          </SelectInput>
          <TextInput type="search" aria-label={tableLayout === 'sequence' ? 'Filter by path or text read' : 'Filter by path, label or class'} placeholder="Filter…" value={text} onChange={(e) => setText(e.target.value)} className="w-filter" />
        </>
      }
    >
      {shown.length === 0 ? (
        <EmptyState icon="search" title="No image matches">
          {kind === 'all' ? 'Clear the filter text to see every image.' : `No image is in “${filterTitle(kind, tableLayout)}”${text ? ' with this text' : ''}.`}
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
                className={`trow ${layout}${isActive ? ' is-active' : ''}${selected === r.index ? ' is-selected' : ''}${r.agree === false ? ' is-flip' : ''}`}
                style={{ height: ROW_HEIGHT }}
                onClick={() => {
                  setActive(i);
                  onSelect(r);
                }}
              >
                {columns.map((c) => (
                  <div key={c.key} role="gridcell" className={`tcell${c.right ? ' right num' : ''}${c.truncate ? ' truncate' : ''}`} title={c.key === 'path' ? r.path : undefined}>
                    {c.cell(r)}
                  </div>
                ))}
              </div>
            );
          }}
        />
      )}
    </Card>
  );
}
