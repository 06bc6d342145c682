/**
 * The app's one table: columns declared once (header, cell, alignment, how long text behaves), optional sorting by
 * a column's value, a caption for assistive technology. Long text either wraps (names that must read whole) or is
 * cut with the whole text in a title — never silently.
 */
import { useMemo, useState, type ReactNode } from 'react';
import './Table.css';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  /** The cell's content. */
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  /**
   * How long text behaves: 'wrap' breaks it inside the column (class and node names), 'cut' keeps one line with an
   * ellipsis and the whole text in a title (`title` must then give it), 'keep' never breaks (numbers, buttons).
   */
  text?: 'wrap' | 'cut' | 'keep';
  /** The whole text of a cut cell, or a tooltip. */
  title?: (row: Row) => string | undefined;
  /** Makes the column sortable by this value (numbers before text, nulls last). */
  sortValue?: (row: Row) => number | string | null;
  className?: string;
  /** Hidden header text (e.g. an actions column). */
  srHeader?: boolean;
  /** What the column means, shown on hover over its header. */
  headerTitle?: string;
}

export type SortState = { key: string; direction: 'ascending' | 'descending' } | null;

/** Rows in the order a sort state gives (stable; nulls last in either direction). */
export function sortRows<Row>(rows: readonly Row[], columns: readonly Column<Row>[], sort: SortState): Row[] {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.index - b.index : a.v === null ? 1 : -1;
      const order = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), undefined, { numeric: true });
      return order * sign || a.index - b.index;
    })
    .map((x) => x.row);
}

export function Table<Row>({
  columns,
  rows,
  rowKey,
  label,
  compact = false,
  rowClassName,
  initialSort = null,
  footer,
  className,
}: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Names the table for assistive technology. */
  label: string;
  compact?: boolean;
  rowClassName?: (row: Row) => string | undefined;
  initialSort?: SortState;
  /** Extra rows after the data (totals, "n others"). */
  footer?: ReactNode;
  className?: string;
}) {
  const [sort, setSort] = useState<SortState>(initialSort);
  const shown = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  const toggle = (key: string): void =>
    setSort(sort?.key === key ? { key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: 'ascending' });
  const cellClass = (c: Column<Row>): string =>
    [c.align === 'right' ? 'right num' : '', `cell-${c.text ?? 'keep'}`, c.className ?? ''].filter(Boolean).join(' ');
  return (
    <table className={`table${compact ? ' table-compact' : ''}${className ? ` ${className}` : ''}`} aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.align === 'right' ? 'right' : undefined} title={c.headerTitle} aria-sort={sort?.key === c.key ? sort.direction : undefined}>
              {c.srHeader ? (
                <span className="sr-only">{c.header}</span>
              ) : c.sortValue ? (
                <button type="button" className="th-sort" onClick={() => toggle(c.key)}>
                  {c.header}
                </button>
              ) : (
                c.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((row) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)}>
            {columns.map((c) => (
              <td key={c.key} className={cellClass(c)} title={c.title?.(row)}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
        {footer}
      </tbody>
    </table>
  );
}
