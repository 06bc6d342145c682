/** The app's one table: columns declared once, long text wrapped or cut with a title, sorting with nulls last. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Table, sortRows, type Column } from '../../../renderer/src/components/Table.js';
import { IMAGENET_CLASSES, TF_NODE_NAMES } from '../../helpers/imagenet-like.js';

interface Row {
  name: string;
  node: string;
  accuracy: number | null;
}

const rows: Row[] = [
  { name: 'American Staffordshire terrier', node: TF_NODE_NAMES.conv, accuracy: 0.5 },
  { name: 'tench', node: 'Conv_0', accuracy: null },
  { name: 'Greater Swiss Mountain dog', node: TF_NODE_NAMES.gemm, accuracy: 0.9 },
];

const columns: readonly Column<Row>[] = [
  { key: 'name', header: 'Class', text: 'wrap', cell: (r) => r.name, sortValue: (r) => r.name },
  { key: 'node', header: 'Node', text: 'cut', cell: (r) => r.node, title: (r) => r.node },
  { key: 'accuracy', header: 'Accuracy', align: 'right', cell: (r) => (r.accuracy === null ? '—' : `${r.accuracy * 100}%`), sortValue: (r) => r.accuracy },
];

describe('Table', () => {
  it('renders a labelled table whose long names wrap whole, or are cut with the whole name in a title', () => {
    const html = renderToStaticMarkup(<Table label="Per-class accuracy" columns={columns} rows={rows} rowKey={(r) => r.name} />);
    expect(html).toContain('aria-label="Per-class accuracy"');
    expect(html).toContain('<td class="cell-wrap">American Staffordshire terrier</td>');
    expect(html).toContain(`<td class="cell-cut" title="${TF_NODE_NAMES.conv}">${TF_NODE_NAMES.conv}</td>`);
    expect(html).toContain('<td class="right num cell-keep">90%</td>');
    // Sortable columns get a button in the header; the others a plain header.
    expect(html).toMatch(/<th scope="col"><button type="button" class="th-sort">Class<\/button><\/th>/);
    expect(html).toContain('<th scope="col">Node</th>');
  });

  it('starts in the sort order it is given and marks the sorted column', () => {
    const html = renderToStaticMarkup(<Table label="t" columns={columns} rows={rows} rowKey={(r) => r.name} initialSort={{ key: 'accuracy', direction: 'descending' }} />);
    expect(html).toContain('aria-sort="descending"');
    const order = [...html.matchAll(/<td class="cell-wrap">([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['Greater Swiss Mountain dog', 'American Staffordshire terrier', 'tench']);
  });

  it('sorts numbers as numbers and text naturally, nulls last in both directions, stable on ties', () => {
    expect(sortRows(rows, columns, { key: 'accuracy', direction: 'ascending' }).map((r) => r.name)).toEqual(['American Staffordshire terrier', 'Greater Swiss Mountain dog', 'tench']);
    expect(sortRows(rows, columns, { key: 'accuracy', direction: 'descending' }).map((r) => r.name)).toEqual(['Greater Swiss Mountain dog', 'American Staffordshire terrier', 'tench']);
    const files = ['img10', 'img9', 'img100'].map((name) => ({ name, node: '', accuracy: 1 }));
    expect(sortRows(files, columns, { key: 'name', direction: 'ascending' }).map((r) => r.name)).toEqual(['img9', 'img10', 'img100']);
    const many = IMAGENET_CLASSES.slice(0, 50).map((name) => ({ name, node: '', accuracy: 0.5 }));
    expect(sortRows(many, columns, { key: 'accuracy', direction: 'ascending' })).toEqual(many);
  });
});
