/**
 * A keyboard-navigable virtualised list: only the rows in view (plus overscan) exist in the DOM, so 50,000 rows
 * cost what 40 do. Arrow keys, Page Up/Down, Home/End move the active row; Enter or a click selects it.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { rowAfterKey, scrollToReveal, virtualWindow } from './virtual-window.js';
import './VirtualRows.css';

export interface VirtualRowsProps {
  rowCount: number;
  rowHeight: number;
  /** Viewport height in px. */
  height: number;
  /** Renders row `index`; `active` is the keyboard cursor. */
  renderRow: (index: number, active: boolean) => ReactNode;
  active: number;
  onActiveChange: (index: number) => void;
  onSelect?: (index: number) => void;
  label: string;
  /** ARIA role of the container: a grid for tables, a listbox for galleries. */
  role?: 'grid' | 'listbox';
  header?: ReactNode;
  idPrefix: string;
  className?: string;
}

export function VirtualRows({ rowCount, rowHeight, height, renderRow, active, onActiveChange, onSelect, label, role = 'grid', header, idPrefix, className }: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);

  const onScroll = useCallback(() => {
    // Coalesce scroll events to one state update per frame.
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setScrollTop(scroller.current?.scrollTop ?? 0);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const bodyHeight = height - (header ? rowHeight : 0);
  const win = virtualWindow(rowCount, rowHeight, scrollTop, bodyHeight);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || active < 0) return;
    const next = scrollToReveal(active, rowHeight, el.scrollTop, bodyHeight);
    if (next !== null) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [active, rowHeight, bodyHeight]);

  useEffect(() => {
    // A new filter may leave the list shorter than the scroll position.
    const el = scroller.current;
    if (el && el.scrollTop > win.total) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [win.total]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      if (active >= 0 && onSelect) {
        event.preventDefault();
        onSelect(active);
      }
      return;
    }
    const next = rowAfterKey(event.key, active < 0 ? -1 : active, rowCount, Math.floor(bodyHeight / rowHeight));
    if (next === null) return;
    event.preventDefault();
    onActiveChange(next);
  };

  const rows: ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(renderRow(i, i === active));

  return (
    <div
      className={`vrows${className ? ` ${className}` : ''}`}
      role={role}
      aria-label={label}
      aria-rowcount={role === 'grid' ? rowCount + (header ? 1 : 0) : undefined}
      aria-activedescendant={active >= 0 && active < rowCount ? `${idPrefix}-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ height }}
    >
      {header}
      <div className="vrows-scroll" ref={scroller} onScroll={onScroll} style={{ height: bodyHeight }}>
        <div className="vrows-spacer" style={{ height: win.total }}>
          <div className="vrows-window" style={{ transform: `translateY(${win.offset}px)` }}>
            {rows}
          </div>
        </div>
      </div>
    </div>
  );
}
