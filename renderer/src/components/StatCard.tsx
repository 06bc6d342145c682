/** One headline figure: label, value, a line of context, and a tone that says whether it is good news. */
import type { ReactNode } from 'react';
import './StatCard.css';

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export function StatCard({
  label,
  value,
  sub,
  tone = 'neutral',
  testId,
  hint,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  tone?: Tone;
  testId?: string;
  /** What the figure means, shown on hover. */
  hint?: string;
}) {
  return (
    <div className={`stat stat-${tone}`} data-testid={testId} title={hint}>
      <p className="stat-label">{label}</p>
      <p className="stat-value num">{value}</p>
      {sub && <p className="stat-sub">{sub}</p>}
    </div>
  );
}
