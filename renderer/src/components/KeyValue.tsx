/** A dense two-column list of figures (definition list). */
import type { ReactNode } from 'react';
import './KeyValue.css';

export function KeyValue({ items, columns = 2 }: { items: ReadonlyArray<{ key: ReactNode; value: ReactNode; title?: string }>; columns?: 1 | 2 | 3 | 4 }) {
  return (
    <dl className={`kv kv-${columns}`}>
      {items.map((item, i) => (
        <div className="kv-item" key={i} title={item.title}>
          <dt>{item.key}</dt>
          <dd className="num">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
