/** Any other output (embeddings, raw heads, integer outputs): error statistics only, which every kind has. */
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import type { KindAggregate, KindState, OutputKindEvaluator } from './output-kind.js';

class NoAggregate implements KindAggregate {
  add(): void {}
  summary(): Partial<SummaryMetrics> {
    return {};
  }
  toState(): KindState {
    return {};
  }
  restore(): void {}
  merge(): void {}
}

export const genericKind: OutputKindEvaluator = {
  kind: 'generic',
  recognise: () => ({}),
  compare: () => ({ fields: {} }),
  disagreement: () => null,
  aggregate: () => new NoAggregate(),
};
