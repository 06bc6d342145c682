/** Which rows of a long list to render for a scroll position: the visible ones plus a small overscan. */

export interface VirtualWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Offset of the first rendered row from the top of the list, in pixels. */
  offset: number;
  /** Height of the whole list, in pixels. */
  total: number;
}

/** Rows [start, end) to render for a viewport of `viewport` px scrolled to `scrollTop`, rows of `rowHeight` px. */
export function virtualWindow(rowCount: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 6): VirtualWindow {
  const total = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, total: 0 };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total - viewport)));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(viewport, rowHeight)) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, last + overscan);
  return { start, end, offset: start * rowHeight, total };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, rowHeight: number, scrollTop: number, viewport: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return bottom - viewport;
  return null;
}

/** The row a navigation key moves to from `current` (null when the key is not a navigation key). */
export function rowAfterKey(key: string, current: number, rowCount: number, pageRows: number): number | null {
  if (rowCount === 0) return null;
  const clamp = (i: number): number => Math.max(0, Math.min(rowCount - 1, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + Math.max(1, pageRows - 1));
    case 'PageUp':
      return clamp(current - Math.max(1, pageRows - 1));
    case 'Home':
      return 0;
    case 'End':
      return rowCount - 1;
    default:
      return null;
  }
}

/** The item a key moves to in a grid of `columns` (arrows by one / by a row, Home/End), or null. */
export function itemAfterKey(key: string, current: number, itemCount: number, columns: number): number | null {
  if (itemCount === 0) return null;
  const clamp = (i: number): number => Math.max(0, Math.min(itemCount - 1, i));
  const from = current < 0 ? 0 : current;
  switch (key) {
    case 'ArrowRight':
      return current < 0 ? 0 : clamp(from + 1);
    case 'ArrowLeft':
      return clamp(from - 1);
    case 'ArrowDown':
      return current < 0 ? 0 : clamp(from + columns);
    case 'ArrowUp':
      return clamp(from - columns);
    case 'Home':
      return 0;
    case 'End':
      return itemCount - 1;
    default:
      return null;
  }
}
