/** CTC text recognisers ([N, T, C] scores per position): position agreement, exact text match, character error rate. */
import { z } from 'zod';
import { ParityError } from '../../../../shared/errors.js';
import type { OutputMetrics, SummaryMetrics } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { ctcAlphabet } from '../metrics/ctc.js';
import { sequenceScores } from '../metrics/output-kind.js';
import { sequenceMetrics } from '../metrics/sequence.js';
import { NamedMeans, sameAggregate } from './mean-aggregate.js';
import type { KindAggregate, KindState, OutputKindEvaluator } from './output-kind.js';

const MEANS = ['positions', 'exact'] as const;
const StateSchema = z.object({ means: z.unknown(), edits: z.number(), referenceSymbols: z.number() });

class SequenceAggregate implements KindAggregate {
  private readonly means = new NamedMeans(MEANS);
  /** The character error rate is one ratio over the run (as OCR benchmarks report it), not a mean of ratios. */
  private edits = 0;
  private referenceSymbols = 0;

  add(metrics: OutputMetrics): void {
    const s = metrics.sequence;
    if (!s) return;
    this.means.add('positions', s.positionAgreement);
    this.means.add('exact', s.exactMatch);
    this.edits += s.editDistance;
    this.referenceSymbols += Math.max(1, s.referenceLength);
  }

  summary(): Partial<SummaryMetrics> {
    return {
      positionAgreement: this.means.value('positions'),
      sequenceExactMatch: this.means.value('exact'),
      characterErrorRate: this.referenceSymbols === 0 ? null : this.edits / this.referenceSymbols,
    };
  }

  toState(): KindState {
    return { means: this.means.toState(), edits: this.edits, referenceSymbols: this.referenceSymbols };
  }

  restore(raw: KindState): void {
    const state = StateSchema.parse(raw);
    this.means.restore(state.means);
    this.edits = state.edits;
    this.referenceSymbols = state.referenceSymbols;
  }

  merge(other: KindAggregate): void {
    const o = sameAggregate(this, other);
    this.means.merge(o.means);
    this.edits += o.edits;
    this.referenceSymbols += o.referenceSymbols;
  }
}

export const sequenceKind: OutputKindEvaluator = {
  kind: 'sequence',
  recognise: ({ signature, dims, values }) => sequenceScores(signature, dims, values),
  compare: ({ reference, candidate, dims }, description, options) => ({
    fields: { sequence: sequenceMetrics(reference, candidate, dims, options.charset ? ctcAlphabet(options.charset, dims[2] ?? 0, description.name) : null) },
  }),
  disagreement: (metrics) => (metrics.sequence ? metrics.sequence.characterErrorRate + (1 - metrics.sequence.positionAgreement) : null),
  aggregate: () => new SequenceAggregate(),
};

/**
 * Checks, once the outputs are planned, that a charset (--charset) applies: the model has a sequence output and the
 * charset's size fits each one's class count (BAD_OPTION otherwise, before any figure is reported).
 */
export function assertCharsetFits(plan: readonly OutputDescription[], charset: readonly string[] | null): void {
  if (charset === null) return;
  const sequences = plan.filter((d) => d.kind === 'sequence');
  if (sequences.length === 0) {
    throw new ParityError(
      'BAD_OPTION',
      `--charset was given, but no output of the model is a sequence of class scores [N, T, classes] (outputs: ${plan.map((d) => `${d.name} (${d.kind})`).join(', ')}).`,
      'A charset decodes a CTC text recogniser (CRNN); leave it out for other models.',
    );
  }
  for (const d of sequences) ctcAlphabet(charset, d.classes ?? 0, d.name);
}
