/**
 * The engine's half of an output kind (the reader's half is shared/report/output-kinds.ts): how an output of
 * the kind is recognised on the reference's first image, what is measured on each image, and the aggregate of
 * those measurements over a run. A kind's aggregate state is plain JSON, so that checkpoints can save it and
 * shards can merge it.
 */
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { ImageFrame } from '../../../../shared/report/detection.js';
import type { OutputKind, OutputMetrics, SummaryMetrics, TopKEntry } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import type { ImageTruth } from '../detection/compare-detections.js';
import type { FloatArray } from '../metrics/float-array.js';

/** One model's outputs on one image, by output name, as float values with their dims. */
export type OutputTensors = Readonly<Record<string, { data: FloatArray; dims: readonly number[] }>>;

/** What is known of the image the outputs came from: where it sat in the input, and its truth when given. */
export interface ImageFacts {
  /** The input tensor's width and height. */
  input: { width: number; height: number };
  frame: ImageFrame;
  truth: ImageTruth | null;
}

/** What a kind compares on one image. */
export interface KindValues {
  /** This output's values from each model and their dims (empty for a derived output). */
  reference: FloatArray;
  candidate: FloatArray;
  dims: readonly number[];
  /** Every output of each model, for a kind that reads several (a detector's boxes and scores). */
  outputs: { reference: OutputTensors; candidate: OutputTensors };
  /** The image; null when the caller knows nothing of it (kinds that need it refuse). */
  image: ImageFacts | null;
}

/** The reference's first output, as a kind sees it when deciding whether the output is its own. */
export interface OutputSample {
  signature: TensorSignature;
  dims: readonly number[];
  values: FloatArray;
}

/** The fields a kind adds to an output's description (fixed for the whole run). */
export type KindDescription = Pick<OutputDescription, 'classes' | 'logits'>;

/** Options of the comparison that a kind's metrics use. */
export interface KindOptions {
  /** Mask threshold of dense maps. */
  threshold: number;
  /** Length of the top-k lists of classifiers. */
  topK: number;
  /** Symbols of a CTC recogniser's classes 1…, one per line of --charset (decoded text needs it); absent or null without. */
  charset?: readonly string[] | null;
}

/** One output's kind-specific measurements on one image. */
export interface KindComparison {
  /** The fields this kind adds to OutputMetrics (e.g. `classification`, `dense`). */
  fields: Partial<OutputMetrics>;
  /** Both models' top-k of the first row, for kinds that predict classes. */
  topK?: { reference: TopKEntry[]; candidate: TopKEntry[] };
}

/** JSON state of a kind's aggregate. */
export type KindState = Record<string, unknown>;

/**
 * A kind's measurements aggregated over images in constant memory. Checkpoints (resume) and shards (`parity merge`)
 * rely on the last three methods: a run split into any parts, each saved with toState, restored and merged in any
 * order, must give the summary of one run over all the images — exactly (counts, maxima, histograms, means as
 * ExactSum/RunningMean), or within an error bound the kind states in its summary keys' meaning. Keep state to
 * such mergeable parts; anything order-dependent (a list, a best-of) needs a total order (ties by image path).
 * tests/engine/parity/evaluate/evaluator-state.test.ts and tests/cli/shard-merge.test.ts hold every kind to this.
 */
export interface KindAggregate {
  /** Adds one image's metrics of this output. */
  add(metrics: OutputMetrics): void;
  /** The kind's summary keys (shared/report/output-kinds.ts `summaryKeys`). */
  summary(): Partial<SummaryMetrics>;
  /** Everything aggregated so far as plain JSON (it is written to checkpoint.json and shard.json). */
  toState(): KindState;
  /** Continues from a state of toState (throws on a malformed one). */
  restore(state: KindState): void;
  /** Adds another aggregate of the same kind, as if its images had been added here (see above: exact or bounded). */
  merge(other: KindAggregate): void;
}

export interface OutputKindEvaluator {
  kind: OutputKind;
  /** The description's kind fields when the output is of this kind, else null. Kinds are asked in registry order. */
  recognise(sample: OutputSample): KindDescription | null;
  /** Measures one output on one image. */
  compare(values: KindValues, description: OutputDescription, options: KindOptions): KindComparison;
  /** The image's disagreement by this output (0 = the same; higher = further apart), or null when the kind has none. */
  disagreement(metrics: OutputMetrics): number | null;
  /** An empty aggregate. */
  aggregate(): KindAggregate;
}
