/** A virtualised grid of equal cards (galleries): as many columns as fit, rows rendered only near the viewport. */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { itemAfterKey, scrollToReveal, virtualWindow } from './virtual-window.js';
import './VirtualGrid.css';

export function VirtualGrid({
  itemCount,
  minItemWidth,
  rowHeight,
  maxHeight,
  renderItem,
  active,
  onActiveChange,
  onSelect,
  label,
  idPrefix,
}: {
  itemCount: number;
  minItemWidth: number;
  rowHeight: number;
  maxHeight: number;
  renderItem: (index: number, active: boolean) => ReactNode;
  active: number;
  onActiveChange: (index: number) => void;
  onSelect: (index: number) => void;
  label: string;
  idPrefix: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [scrollTop, setScrollTop] = useState(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor(width / minItemWidth));
  const rowCount = Math.ceil(itemCount / columns);
  const height = Math.min(maxHeight, rowCount * rowHeight);
  const win = virtualWindow(rowCount, rowHeight, scrollTop, height, 2);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || active < 0) return;
    const next = scrollToReveal(Math.floor(active / columns), rowHeight, el.scrollTop, height);
    if (next !== null) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [active, columns, rowHeight, height]);

  const items: ReactNode[] = [];
  for (let i = win.start * columns; i < Math.min(itemCount, win.end * columns); i++) items.push(renderItem(i, i === active));

  return (
    <div
      ref={scroller}
      className="vgrid"
      role="listbox"
      aria-label={label}
      aria-activedescendant={active >= 0 ? `${idPrefix}-${active}` : undefined}
      tabIndex={0}
      style={{ height }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={(event) => {
        if ((event.key === 'Enter' || event.key === ' ') && active >= 0) {
          event.preventDefault();
          onSelect(active);
          return;
        }
        const next = itemAfterKey(event.key, active, itemCount, columns);
        if (next === null) return;
        event.preventDefault();
        onActiveChange(next);
      }}
    >
      <div style={{ height: win.total, position: 'relative' }}>
        <div className="vgrid-window" style={{ transform: `translateY(${win.offset}px)`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
          {items}
        </div>
      </div>
    </div>
  );
}
