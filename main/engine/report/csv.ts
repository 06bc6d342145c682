/** The per-image CSV view of a report: one row per image, columns a spreadsheet user can filter on. */
import { imageAllclose, imageMaxAbs, tensorErrors, type TopKEntry } from '../../../shared/report/metrics.js';
import { OUTPUT_KINDS } from '../../../shared/report/output-kinds.js';
import type { ParityReport, PerImageResult } from '../../../shared/report/report.js';

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toPrecision(6)) : String(value);
  // Quote fields with separators, and neutralise leading formula characters (CSV injection in spreadsheets).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A column of the CSV: its header and its cell for one image. */
interface Column {
  header: string;
  value(image: PerImageResult): string | number | boolean | null | undefined;
}

const top1 = (image: PerImageResult, role: 'reference' | 'candidate'): TopKEntry | undefined => image[role].topK[0];

const LEADING: readonly Column[] = [
  { header: 'path', value: (i) => i.path },
  { header: 'label', value: (i) => i.label },
  { header: 'reference_top1', value: (i) => top1(i, 'reference')?.label ?? top1(i, 'reference')?.index },
  { header: 'reference_prob', value: (i) => top1(i, 'reference')?.prob },
  { header: 'candidate_top1', value: (i) => top1(i, 'candidate')?.label ?? top1(i, 'candidate')?.index },
  { header: 'candidate_prob', value: (i) => top1(i, 'candidate')?.prob },
];

/** Each kind's columns (shared/report/output-kinds.ts), from the image's first output of that kind. */
const KIND_COLUMNS: readonly Column[] = OUTPUT_KINDS.flatMap((kind) =>
  kind.csvColumns.map((column) => ({
    header: column.header,
    value: (image: PerImageResult) => {
      const output = image.outputs.find((o) => o.kind === kind.kind);
      return output ? column.value(output) : undefined;
    },
  })),
);

const TRAILING: readonly Column[] = [
  { header: 'max_abs_diff', value: (i) => (tensorErrors(i.outputs).length > 0 ? imageMaxAbs(i.outputs) : null) },
  { header: 'mean_abs_diff', value: (i) => meanOf(tensorErrors(i.outputs).map((e) => e.meanAbs)) },
  { header: 'allclose', value: (i) => imageAllclose(i.outputs) },
  { header: 'disagreement', value: (i) => i.disagreement },
  { header: 'reference_correct', value: (i) => i.referenceCorrect },
  { header: 'candidate_correct', value: (i) => i.candidateCorrect },
];

const COLUMNS: readonly Column[] = [...LEADING, ...KIND_COLUMNS, ...TRAILING];

function meanOf(values: readonly number[]): number | null {
  return values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

export function renderCsv(report: ParityReport): string {
  const rows = report.perImage.map((image) => COLUMNS.map((c) => cell(c.value(image))).join(','));
  return [COLUMNS.map((c) => c.header).join(','), ...rows].join('\n') + '\n';
}
