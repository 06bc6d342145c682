/** What a search found (a variant manifest's `search`): the verdict, speed × metric with the Pareto front, every candidate. */
import { useCallback } from 'react';
import { searchParetoSpec, type ChartScheme } from '../../../../shared/charts/index.js';
import type { SearchSection } from '../../../../shared/report/search-section.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { Badge } from '../../components/Feedback.js';

const n = (v: number | null): string => (v === null ? '—' : String(Number(v.toPrecision(4))));

export function SearchResults({ search }: { search: SearchSection }) {
  const chart = useCallback((scheme: ChartScheme) => searchParetoSpec(search, { scheme, title: '' }), [search]);
  const metric = search.target[0]!.metric;
  return (
    <div className="search-results stack" data-testid="search-results">
      <div className="row">
        <strong>Search for {search.targetText}</strong>
        <Badge tone={search.met ? 'good' : 'bad'}>{search.met ? 'target met' : 'target not met'}</Badge>
        {!search.int8Faster && <Badge tone="warn">int8 not faster on this CPU</Badge>}
      </div>
      <ul className="notes">
        {search.verdict.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <LazyChart build={chart} description={`Search candidates: latency ratio against ${metric}`} minHeight={320} />
      <table className="table table-compact" aria-label="Search candidates">
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">Settings</th>
            <th scope="col" className="right">
              {metric}
            </th>
            <th scope="col">Meets</th>
            <th scope="col" className="right">
              Latency ÷ original (95% CI)
            </th>
            <th scope="col" className="right">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {search.candidates.map((c) => (
            <tr key={c.id} className={c.id === search.chosen ? 'is-chosen' : undefined}>
              <td className="mono">
                {c.id}
                {c.id === search.chosen ? ' · chosen' : c.id === search.recommendation?.candidate ? ' · recommended' : ''}
              </td>
              <td title={c.excluded.join(', ')}>{c.failed ? `${c.label} — failed: ${c.failed}` : c.label}</td>
              <td className="right num">{n(c.metric)}</td>
              <td className={c.meetsTarget ? 'good' : 'bad'}>{c.meetsTarget ? '✓' : '✗'}</td>
              <td className="right num">{c.latencyRatio ? `${c.latencyRatio.median.toFixed(2)} (${c.latencyRatio.ci95[0].toFixed(2)}–${c.latencyRatio.ci95[1].toFixed(2)})` : '—'}</td>
              <td className="right num">{c.sizeRatio === null ? '—' : `${c.sizeRatio.toFixed(2)}×`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
