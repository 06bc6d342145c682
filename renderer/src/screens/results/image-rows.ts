/** The per-image table's rows, built once from the report, and their sorting and filtering (pure, tested). */
import type { ParityReport } from '../../../../shared/report/report.js';
import { tensorErrors, type TopKEntry } from '../../../../shared/report/metrics.js';
import { classNameOf, sequenceOf } from '../../../../shared/charts/report-rows.js';

export interface ImageRow {
  /** Index in report.perImage. */
  index: number;
  path: string;
  label: string | null;
  reference: TopKEntry | null;
  candidate: TopKEntry | null;
  referenceClass: string;
  candidateClass: string;
  /** Whether both top-1 classes agree (a recogniser: both read the same text); null without either output. */
  agree: boolean | null;
  /** What a text recogniser read (with a charset), and the character error rate; null without a sequence output. */
  referenceText: string | null;
  candidateText: string | null;
  cer: number | null;
  disagreement: number;
  /** Largest |candidate − reference| over every output element. */
  maxAbs: number;
  /** Mean |candidate − reference| over the elements of every output. */
  meanAbs: number;
  /** IoU and Dice of the first dense output at the run's threshold; null without one. */
  iou: number | null;
  dice: number | null;
  allclose: boolean;
  referenceCorrect: boolean | null;
  candidateCorrect: boolean | null;
}

export const SORT_KEYS = ['path', 'label', 'reference', 'candidate', 'agree', 'disagreement', 'maxAbs', 'meanAbs', 'iou', 'dice', 'referenceText', 'candidateText', 'cer'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export const ROW_FILTERS = {
  all: 'All images',
  differs: 'Top-1 differs',
  regressions: 'Reference right, candidate wrong',
  wrong: 'Candidate wrong',
  notClose: 'Not allclose',
} as const;
export type RowFilterKind = keyof typeof ROW_FILTERS;

/** Which columns the per-image table shows: a recogniser's text, a classifier's top-1, or maps and errors. */
export type TableLayout = 'sequence' | 'classification' | 'dense';

export function tableLayout(report: ParityReport): TableLayout {
  if (report.outputs.some((o) => o.kind === 'sequence')) return 'sequence';
  return report.outputs.some((o) => o.kind === 'classification') ? 'classification' : 'dense';
}

export function imageRows(report: ParityReport): ImageRow[] {
  const classes = report.labels?.classes ?? null;
  return report.perImage.map((r, index) => {
    const reference = r.reference.topK[0] ?? null;
    const candidate = r.candidate.topK[0] ?? null;
    let maxAbs = 0;
    let allclose = true;
    let absSum = 0;
    let elements = 0;
    for (const e of tensorErrors(r.outputs)) {
      if (e.maxAbs > maxAbs || Number.isNaN(e.maxAbs)) maxAbs = e.maxAbs;
      if (!e.allclose) allclose = false;
      absSum += e.meanAbs * e.elementCount;
      elements += e.elementCount;
    }
    const dense = r.outputs.find((o) => o.dense)?.dense ?? null;
    const sequence = sequenceOf(r);
    return {
      index,
      path: r.path,
      label: r.label,
      reference,
      candidate,
      referenceClass: reference ? classNameOf(reference, classes) : '—',
      candidateClass: candidate ? classNameOf(candidate, classes) : '—',
      agree: sequence ? sequence.exactMatch === 1 : reference && candidate ? reference.index === candidate.index : null,
      referenceText: sequence?.referenceText ?? null,
      candidateText: sequence?.candidateText ?? null,
      cer: sequence?.characterErrorRate ?? null,
      disagreement: r.disagreement,
      maxAbs,
      meanAbs: elements > 0 ? absSum / elements : 0,
      iou: dense?.iou ?? null,
      dice: dense?.dice ?? null,
      allclose,
      referenceCorrect: r.referenceCorrect,
      candidateCorrect: r.candidateCorrect,
    };
  });
}

function matchesKind(row: ImageRow, kind: RowFilterKind): boolean {
  switch (kind) {
    case 'all':
      return true;
    case 'differs':
      return row.agree === false;
    case 'regressions':
      return row.referenceCorrect === true && row.candidateCorrect === false;
    case 'wrong':
      return row.candidateCorrect === false;
    case 'notClose':
      return !row.allclose;
  }
}

/** Rows of a kind whose path, label, top-1 classes or read text contain `text` (case-insensitive). */
export function filterRows(rows: readonly ImageRow[], kind: RowFilterKind, text: string): ImageRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      matchesKind(r, kind) &&
      (needle === '' ||
        r.path.toLowerCase().includes(needle) ||
        (r.label ?? '').toLowerCase().includes(needle) ||
        r.referenceClass.toLowerCase().includes(needle) ||
        r.candidateClass.toLowerCase().includes(needle) ||
        (r.referenceText ?? '').toLowerCase().includes(needle) ||
        (r.candidateText ?? '').toLowerCase().includes(needle)),
  );
}

function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b);
}

const byNumber = (x: number, y: number): number => (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y);
const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** A sorted copy; ties keep the report's order (stable), nulls last in either direction. */
export function sortRows(rows: readonly ImageRow[], key: SortKey, dir: SortDir): ImageRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const value = (r: ImageRow): number | string | null => {
    switch (key) {
      case 'path':
        return r.path;
      case 'label':
        return r.label;
      case 'reference':
        return r.referenceClass;
      case 'candidate':
        return r.candidateClass;
      case 'agree':
        return r.agree === null ? null : r.agree ? 1 : 0;
      case 'disagreement':
        return r.disagreement;
      case 'maxAbs':
        return r.maxAbs;
      case 'meanAbs':
        return r.meanAbs;
      case 'iou':
        return r.iou;
      case 'dice':
        return r.dice;
      case 'referenceText':
        return r.referenceText;
      case 'candidateText':
        return r.candidateText;
      case 'cer':
        return r.cer;
    }
  };
  return rows
    .map((r) => ({ r, v: value(r) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return compareNullable(a.v, b.v, () => 0) || a.r.index - b.r.index;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? byNumber(a.v, b.v) : byText(String(a.v), String(b.v));
      return sign * c || a.r.index - b.r.index;
    })
    .map((x) => x.r);
}
