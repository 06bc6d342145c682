/** Dense maps (segmentation, text-detection probability maps, depth): mask IoU and Dice, PSNR. */
import type { OutputMetrics, SummaryMetrics } from '../../../../shared/report/metrics.js';
import { denseMetrics } from '../metrics/dense.js';
import { isDenseMap } from '../metrics/output-kind.js';
import { NamedMeans, sameAggregate } from './mean-aggregate.js';
import type { KindAggregate, KindState, OutputKindEvaluator } from './output-kind.js';

const MEANS = ['iou', 'dice', 'psnr'] as const;

class DenseAggregate implements KindAggregate {
  /** Images whose maps were identical have no finite PSNR and are left out of its mean. */
  private readonly means = new NamedMeans(MEANS);

  add(metrics: OutputMetrics): void {
    const d = metrics.dense;
    if (!d) return;
    this.means.add('iou', d.iou);
    this.means.add('dice', d.dice);
    if (d.psnr !== null) this.means.add('psnr', d.psnr);
  }

  summary(): Partial<SummaryMetrics> {
    return { iou: this.means.value('iou'), dice: this.means.value('dice'), psnr: this.means.value('psnr') };
  }

  toState(): KindState {
    return { means: this.means.toState() };
  }

  restore(state: KindState): void {
    this.means.restore(state['means']);
  }

  merge(other: KindAggregate): void {
    this.means.merge(sameAggregate(this, other).means);
  }
}

export const denseKind: OutputKindEvaluator = {
  kind: 'dense',
  recognise: ({ signature, dims }) => (isDenseMap(signature, dims) ? {} : null),
  compare: ({ reference, candidate, dims }, _description, options) => ({
    fields: { dense: denseMetrics(reference, candidate, dims, { threshold: options.threshold }) },
  }),
  disagreement: (metrics) => (metrics.dense ? Math.max(0, 1 - metrics.dense.iou) : null),
  aggregate: () => new DenseAggregate(),
};
