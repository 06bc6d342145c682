/** The per-image CSV view of a report: one row per image, columns a spreadsheet user can filter on. */
import type { ParityReport, PerImageResult } from '../../../shared/report/report.js';

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toPrecision(6)) : String(value);
  // Quote fields with separators, and neutralise leading formula characters (CSV injection in spreadsheets).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS = [
  'path',
  'label',
  'reference_top1',
  'reference_prob',
  'candidate_top1',
  'candidate_prob',
  'top1_agreement',
  'top5_overlap',
  'kl_divergence',
  'js_divergence',
  'cosine',
  'confidence_delta',
  'iou',
  'dice',
  'max_abs_diff',
  'mean_abs_diff',
  'allclose',
  'disagreement',
  'reference_correct',
  'candidate_correct',
] as const;

function row(image: PerImageResult): string {
  const first = image.outputs[0];
  const cls = image.outputs.find((o) => o.classification)?.classification;
  const dense = image.outputs.find((o) => o.dense)?.dense;
  const maxAbs = Math.max(...image.outputs.map((o) => o.errors.maxAbs));
  const meanAbs = image.outputs.reduce((s, o) => s + o.errors.meanAbs, 0) / Math.max(1, image.outputs.length);
  const refTop = image.reference.topK[0];
  const candTop = image.candidate.topK[0];
  const values = [
    image.path,
    image.label,
    refTop ? (refTop.label ?? refTop.index) : null,
    refTop?.prob,
    candTop ? (candTop.label ?? candTop.index) : null,
    candTop?.prob,
    cls?.top1Agreement,
    cls?.top5Overlap,
    cls?.klDivergence,
    cls?.jsDivergence,
    cls?.cosine,
    cls?.confidenceDelta,
    dense?.iou,
    dense?.dice,
    first ? maxAbs : null,
    first ? meanAbs : null,
    image.outputs.every((o) => o.errors.allclose),
    image.disagreement,
    image.referenceCorrect,
    image.candidateCorrect,
  ];
  return values.map(cell).join(',');
}

export function renderCsv(report: ParityReport): string {
  return [COLUMNS.join(','), ...report.perImage.map(row)].join('\n') + '\n';
}
