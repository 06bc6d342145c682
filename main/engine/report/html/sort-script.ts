/**
 * The report's only script: click a column header of a [data-sortable] table to sort by its cells' data-v.
 * Optional: without it the tables read in their printed order. Allowed by the page's CSP through its hash.
 */
export const SORT_SCRIPT = `(() => {
  for (const table of document.querySelectorAll('table[data-sortable]')) {
    const body = table.tBodies[0];
    for (const th of table.querySelectorAll('th[data-sort]')) {
      th.tabIndex = 0;
      const sort = () => {
        const col = th.cellIndex;
        const numeric = th.dataset.sort === 'num';
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        for (const other of table.querySelectorAll('th[aria-sort]')) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        const key = (row) => (row.cells[col] ? row.cells[col].dataset.v ?? '' : '');
        const rows = Array.from(body.rows);
        rows.sort((x, y) => {
          const a = key(x), b = key(y);
          if (a === '' || b === '') return a === b ? 0 : a === '' ? 1 : -1;
          const d = numeric ? Number(a) - Number(b) : a.localeCompare(b, undefined, { numeric: true });
          return asc ? d : -d;
        });
        body.append(...rows);
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    }
  }
})();`;
