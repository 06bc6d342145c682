/**
 * The kinds of model output Parity compares, and what each means to a reader: which summary figures it fills,
 * which one says whether the models agree, what an image's disagreement score measures, its CSV columns and the
 * charts that apply. The engine's half of a kind (how it is recognised and measured) is in
 * main/engine/parity/kinds/; a new kind adds an entry here and there.
 */
import type { DetectionFigure, DetectionSummary } from './detection.js';
import type { OutputKind, OutputMetrics, SummaryMetrics } from './metrics.js';
import type { SummaryMetricKey } from './metric-meaning.js';

/** Summary keys that are null when a run has no output of the kind that fills them (accuracy depends on labels). */
export type KindSummaryKey = Exclude<
  { [K in keyof SummaryMetrics]: null extends SummaryMetrics[K] ? K : never }[keyof SummaryMetrics],
  'accuracy'
>;

/** A per-image CSV column that a kind adds, read from the image's first output of that kind. */
export interface KindCsvColumn {
  header: string;
  value(output: OutputMetrics): number | string | undefined;
}

/** Charts of the clean images that only some kinds have. */
export type KindChart = 'confidence-scatter';

export interface OutputKindInfo {
  kind: OutputKind;
  /** What the kind is, in a table's "Kind" column. */
  title: string;
  /** The summary keys this kind fills (from the run's first output of the kind); null without such an output. */
  summaryKeys: readonly KindSummaryKey[];
  /** The figure that says whether the models agree on this kind: headline, heatmap, worst perturbation. */
  agreement: SummaryMetricKey;
  /** The report's first sentence on agreement, given the agreement figure written and "N images". */
  agreementSentence(value: string, images: string): string;
  /** What an image's disagreement score measures when this is the image's deciding kind. */
  disagreement(threshold: number): string;
  /** Why a gate on one of `summaryKeys` does not apply to a model without this kind. */
  absent: string;
  csvColumns: readonly KindCsvColumn[];
  charts: readonly KindChart[];
}

const DETECTION: OutputKindInfo = {
  kind: 'detection',
  title: 'detections',
  summaryKeys: ['detection'],
  agreement: 'detection.map50',
  agreementSentence: (value, images) => `The candidate finds the reference's detections with an mAP@0.5 of ${value} over ${images}`,
  disagreement: () => '1 − 2·ΣIoU of matched boxes of the same class ÷ the boxes of both models',
  absent: 'the run has no detection output (compare with --postprocess)',
  csvColumns: [
    { header: 'reference_boxes', value: (o) => o.detection?.referenceCount },
    { header: 'candidate_boxes', value: (o) => o.detection?.candidateCount },
    { header: 'matched_boxes', value: (o) => o.detection?.matched },
    { header: 'matched_iou', value: (o) => o.detection?.matchedIou ?? undefined },
    { header: 'detection_precision', value: (o) => o.detection?.precision ?? undefined },
    { header: 'detection_recall', value: (o) => o.detection?.recall ?? undefined },
    { header: 'class_agreement', value: (o) => o.detection?.classAgreement ?? undefined },
    { header: 'box_count_delta', value: (o) => o.detection?.countDelta },
    { header: 'map50', value: (o) => o.detection?.map50 ?? undefined },
  ],
  charts: [],
};

const SEQUENCE: OutputKindInfo = {
  kind: 'sequence',
  title: 'text sequence (CTC)',
  summaryKeys: ['positionAgreement', 'sequenceExactMatch', 'characterErrorRate'],
  agreement: 'sequenceExactMatch',
  agreementSentence: (value, images) => `The candidate reads the same text as the reference on ${value} of ${images}`,
  disagreement: () => 'character error rate of the decoded text + share of positions whose class differs',
  absent: 'the model has no sequence output (a CTC recogniser\'s [N, T, classes] scores)',
  csvColumns: [
    { header: 'position_agreement', value: (o) => o.sequence?.positionAgreement },
    { header: 'text_exact_match', value: (o) => o.sequence?.exactMatch },
    { header: 'character_error_rate', value: (o) => o.sequence?.characterErrorRate },
    { header: 'reference_text', value: (o) => o.sequence?.referenceText },
    { header: 'candidate_text', value: (o) => o.sequence?.candidateText },
  ],
  charts: [],
};

const CLASSIFICATION: OutputKindInfo = {
  kind: 'classification',
  title: 'classification',
  summaryKeys: ['top1Agreement', 'top5Overlap', 'meanProbDiff', 'maxProbDiff', 'klDivergence', 'jsDivergence', 'cosine', 'confidenceDelta'],
  agreement: 'top1Agreement',
  agreementSentence: (value, images) => `The candidate's top-1 class agrees with the reference on ${value} of ${images}`,
  disagreement: () => '1 − cosine of the probability vectors',
  absent: 'the model has no classification output',
  csvColumns: [
    { header: 'top1_agreement', value: (o) => o.classification?.top1Agreement },
    { header: 'top5_overlap', value: (o) => o.classification?.top5Overlap },
    { header: 'kl_divergence', value: (o) => o.classification?.klDivergence },
    { header: 'js_divergence', value: (o) => o.classification?.jsDivergence },
    { header: 'cosine', value: (o) => o.classification?.cosine },
    { header: 'confidence_delta', value: (o) => o.classification?.confidenceDelta },
  ],
  charts: ['confidence-scatter'],
};

const DENSE: OutputKindInfo = {
  kind: 'dense',
  title: 'dense map',
  summaryKeys: ['iou', 'dice', 'psnr'],
  agreement: 'iou',
  agreementSentence: (value, images) => `The candidate's maps overlap the reference's with an IoU of ${value} on average over ${images}`,
  disagreement: (threshold) => `1 − IoU of the masks (maps thresholded at ${threshold}, or their argmax classes)`,
  absent: 'the model has no dense (map) output',
  csvColumns: [
    { header: 'iou', value: (o) => o.dense?.iou },
    { header: 'dice', value: (o) => o.dense?.dice },
  ],
  charts: [],
};

const GENERIC: OutputKindInfo = {
  kind: 'generic',
  title: 'generic',
  summaryKeys: [],
  agreement: 'allcloseRate',
  agreementSentence: (value, images) => `Every output is within tolerance on ${value} of ${images}`,
  disagreement: () => 'max |Δ| over the outputs',
  absent: 'no value for this run',
  csvColumns: [],
  charts: [],
};

/** Every kind in the order that decides: an image's disagreement and a run's agreement figure come from the first kind present. */
export const OUTPUT_KINDS: readonly OutputKindInfo[] = [DETECTION, SEQUENCE, CLASSIFICATION, DENSE, GENERIC];

/** The entry of `kind`. */
export function outputKindInfo(kind: OutputKind): OutputKindInfo {
  const info = OUTPUT_KINDS.find((k) => k.kind === kind);
  if (!info) throw new Error(`internal: output kind ${kind} has no entry in OUTPUT_KINDS`);
  return info;
}

/** The kind whose agreement figure is `key` (the allclose rate: generic). */
export function kindOfAgreement(key: SummaryMetricKey): OutputKindInfo {
  return OUTPUT_KINDS.find((k) => k.agreement === key) ?? GENERIC;
}

/** The kind whose summary keys include `key` (`detection.map50`: the field `detection`), or null for keys every run has. */
export function kindOfSummaryKey(key: SummaryMetricKey): OutputKindInfo | null {
  const field = key.split('.')[0]!;
  return OUTPUT_KINDS.find((k) => (k.summaryKeys as readonly string[]).includes(field)) ?? null;
}

/**
 * The agreement figure that fits a run: the first kind's whose figure has a value in any of these summaries
 * (clean, then each perturbation) — top-1 agreement for classifiers, IoU for dense maps, else the allclose rate.
 */
export function agreementMetric(summaries: readonly SummaryMetrics[]): SummaryMetricKey {
  const found = OUTPUT_KINDS.find((k) => summaries.some((s) => valueOfSummary(s, k.agreement) !== null));
  return found?.agreement ?? 'allcloseRate';
}

type DetectionMetricKey = Extract<SummaryMetricKey, `detection.${string}`>;

/**
 * A summary metric's value: `accuracy` is the candidate's, `accuracyDelta` candidate − reference; `detection.<figure>`
 * reads `summary.detection`, where `detection.accuracy` is the candidate's mAP@0.5 against ground-truth boxes.
 */
export function valueOfSummary(summary: SummaryMetrics, key: SummaryMetricKey): number | null {
  if (key === 'accuracy') return summary.accuracy?.candidate ?? null;
  if (key === 'accuracyDelta') return summary.accuracy?.delta ?? null;
  if (key.startsWith('detection.')) return detectionValue(summary.detection ?? null, key as DetectionMetricKey);
  return summary[key as Exclude<SummaryMetricKey, DetectionMetricKey | 'accuracy' | 'accuracyDelta'>];
}

function detectionValue(detection: DetectionSummary | null, key: DetectionMetricKey): number | null {
  if (!detection) return null;
  const truth = detection.accuracy?.truth === 'boxes' ? detection.accuracy : null;
  switch (key) {
    case 'detection.accuracy':
      return truth?.candidate.map50 ?? null;
    case 'detection.accuracyDelta':
      return truth && truth.candidate.map50 !== null && truth.reference.map50 !== null ? truth.candidate.map50 - truth.reference.map50 : null;
    default:
      return detection[key.slice('detection.'.length) as DetectionFigure];
  }
}

/** What the per-image disagreement score measures in a run with outputs of these kinds. */
export function disagreementMeaning(kinds: readonly OutputKind[], threshold: number): string {
  const deciding = OUTPUT_KINDS.find((k) => kinds.includes(k.kind)) ?? GENERIC;
  return deciding.disagreement(threshold);
}

/** The kind-specific clean charts that apply to a run with outputs of these kinds. */
export function kindCharts(kinds: readonly OutputKind[]): Set<KindChart> {
  return new Set(OUTPUT_KINDS.filter((k) => kinds.includes(k.kind)).flatMap((k) => k.charts));
}
