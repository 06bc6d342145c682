/**
 * A chart drawn only once its card scrolls near the viewport: a results page with many charts opens at once
 * and draws what the user looks at first.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartScheme } from '../../../shared/charts/theme.js';
import { useColorScheme } from './color-scheme.js';
import { VegaChart } from './VegaChart.js';

export function LazyChart({ build, description, minHeight = 200 }: { build: (scheme: ChartScheme) => TopLevelSpec; description: string; minHeight?: number }) {
  const scheme = useColorScheme();
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || visible) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [visible]);
  const spec = useMemo(() => (visible ? build(scheme) : null), [visible, build, scheme]);
  return (
    <div ref={box} className="lazy-chart" style={{ minHeight }}>
      {spec && <VegaChart spec={spec} description={description} minHeight={minHeight} />}
    </div>
  );
}
