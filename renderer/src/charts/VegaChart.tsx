/** A chart from the shared spec builders, rendered by vega (loaded on first use) into an SVG. */
import { useEffect, useRef, useState } from 'react';
import type { TopLevelSpec } from 'vega-lite';
import { Spinner } from '../components/Feedback.js';
import { queueChart } from './chart-queue.js';
import './VegaChart.css';

export function VegaChart({ spec, description, minHeight = 120 }: { spec: TopLevelSpec; description: string; minHeight?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let finalize: (() => void) | null = null;
    const el = host.current;
    if (!el) return;
    setState('loading');
    import('./vega-runtime.js')
      .then(({ mountChart }) => queueChart(() => (disposed ? Promise.resolve(null) : mountChart(el, spec, description))))
      .then((chart) => {
        if (!chart) return;
        if (disposed) chart.finalize();
        else {
          finalize = chart.finalize;
          setState('ready');
        }
      })
      .catch((e: unknown) => {
        if (disposed) return;
        setError(e instanceof Error ? e.message : String(e));
        setState('failed');
      });
    return () => {
      disposed = true;
      finalize?.();
      el.replaceChildren();
    };
  }, [spec, description]);

  return (
    <div className="chart" style={{ minHeight }}>
      {state === 'loading' && <Spinner label="Drawing chart…" />}
      {state === 'failed' && <p className="bad small">This chart could not be drawn: {error}</p>}
      <div ref={host} className="chart-host" />
    </div>
  );
}
