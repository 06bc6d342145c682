/** The run's verdict against its gate criteria. */
import type { Gate } from '../../../../shared/report/report.js';
import { ErrorBanner, InfoBanner } from '../../components/Feedback.js';

export function GateBanner({ gate }: { gate: Gate }) {
  if (gate.criteria.length === 0) return null;
  if (gate.passed) {
    return (
      <InfoBanner tone="good">
        <p className="banner-title">Gate passed</p>
        <p className="banner-message">
          {gate.criteria.map((c) => `${c.metric} ${c.bound === 'min' ? '≥' : '≤'} ${c.threshold}`).join(' · ')}
        </p>
      </InfoBanner>
    );
  }
  return (
    <ErrorBanner
      error={{
        code: 'BAD_OPTION',
        message: `Gate failed: ${gate.failures.map((f) => f.message).join('; ')}`,
        hint: 'The candidate does not meet the criteria set for this run.',
      }}
    />
  );
}
