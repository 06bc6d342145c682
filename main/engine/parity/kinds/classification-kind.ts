/** Classifiers (one row of class scores per batch item): top-1/top-5 agreement, divergences, confidence. */
import { z } from 'zod';
import type { OutputMetrics, SummaryMetrics } from '../../../../shared/report/metrics.js';
import { classificationMetrics } from '../metrics/classification.js';
import { classScores } from '../metrics/output-kind.js';
import { NamedMeans, sameAggregate } from './mean-aggregate.js';
import type { KindAggregate, KindState, OutputKindEvaluator } from './output-kind.js';

const MEANS = ['top1', 'top5', 'meanProbDiff', 'kl', 'js', 'cosine', 'confidence'] as const;
const StateSchema = z.object({ means: z.unknown(), maxProbDiff: z.number().nullable() });

class ClassificationAggregate implements KindAggregate {
  private readonly means = new NamedMeans(MEANS);
  private maxProbDiff: number | null = null;

  add(metrics: OutputMetrics): void {
    const c = metrics.classification;
    if (!c) return;
    this.means.add('top1', c.top1Agreement);
    this.means.add('top5', c.top5Overlap);
    this.means.add('meanProbDiff', c.meanProbDiff);
    this.maxProbDiff = Math.max(this.maxProbDiff ?? 0, c.maxProbDiff);
    this.means.add('kl', c.klDivergence);
    this.means.add('js', c.jsDivergence);
    this.means.add('cosine', c.cosine);
    this.means.add('confidence', c.confidenceDelta);
  }

  summary(): Partial<SummaryMetrics> {
    const m = this.means;
    return {
      top1Agreement: m.value('top1'),
      top5Overlap: m.value('top5'),
      meanProbDiff: m.value('meanProbDiff'),
      maxProbDiff: this.maxProbDiff,
      klDivergence: m.value('kl'),
      jsDivergence: m.value('js'),
      cosine: m.value('cosine'),
      confidenceDelta: m.value('confidence'),
    };
  }

  toState(): KindState {
    return { means: this.means.toState(), maxProbDiff: this.maxProbDiff };
  }

  restore(raw: KindState): void {
    const state = StateSchema.parse(raw);
    this.means.restore(state.means);
    this.maxProbDiff = state.maxProbDiff;
  }

  merge(other: KindAggregate): void {
    const o = sameAggregate(this, other);
    this.means.merge(o.means);
    if (o.maxProbDiff !== null) this.maxProbDiff = Math.max(this.maxProbDiff ?? 0, o.maxProbDiff);
  }
}

export const classificationKind: OutputKindEvaluator = {
  kind: 'classification',
  recognise: ({ signature, dims, values }) => classScores(signature, dims, values),
  compare({ reference, candidate, dims }, description, options) {
    const result = classificationMetrics(reference, candidate, dims, { logits: description.logits ?? false, topK: options.topK });
    return { fields: { classification: result.metrics }, topK: result.topK };
  },
  disagreement: (metrics) => (metrics.classification ? Math.max(0, 1 - metrics.classification.cosine) : null),
  aggregate: () => new ClassificationAggregate(),
};
