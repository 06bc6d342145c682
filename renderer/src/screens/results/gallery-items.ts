/** What the flip gallery shows: clean flips, flips under perturbation (from the robustness section), or the top. */
import type { ParityReport } from '../../../../shared/report/report.js';
import type { TopKEntry } from '../../../../shared/report/metrics.js';
import { classNameOf } from '../../../../shared/charts/report-rows.js';
import type { ImageRow } from './image-rows.js';

export interface PerturbedView {
  name: string;
  severity: number;
  seed: number;
  reference: TopKEntry;
  candidate: TopKEntry;
}

export interface GalleryItem {
  key: string;
  /** Index of the image in report.perImage (the clean result of the same image), or null when not found. */
  index: number | null;
  path: string;
  label: string | null;
  referenceClass: string;
  candidateClass: string;
  referenceProb: number | null;
  candidateProb: number | null;
  disagreement: number;
  /** IoU of the first dense output (models without classes), else null. */
  iou: number | null;
  /** What a text recogniser read (texts null without a charset), and the character error rate; null for other models. */
  text: { reference: string | null; candidate: string | null; cer: number } | null;
  perturbation: PerturbedView | null;
}

export type GalleryMode = 'clean' | 'perturbed' | 'top';

function fromRow(r: ImageRow): GalleryItem {
  return {
    key: `clean:${r.index}`,
    index: r.index,
    path: r.path,
    label: r.label,
    referenceClass: r.referenceClass,
    candidateClass: r.candidateClass,
    referenceProb: r.reference?.prob ?? null,
    candidateProb: r.candidate?.prob ?? null,
    disagreement: r.disagreement,
    iou: r.iou,
    text: r.cer === null ? null : { reference: r.referenceText, candidate: r.candidateText, cer: r.cer },
    perturbation: null,
  };
}

const byDisagreement = (a: GalleryItem, b: GalleryItem): number => b.disagreement - a.disagreement || a.key.localeCompare(b.key);

/** Clean images whose top-1 (a recogniser: whose text) changed, most disagreeing first. */
export function cleanFlips(rows: readonly ImageRow[]): GalleryItem[] {
  return rows.filter((r) => r.agree === false).map(fromRow).sort(byDisagreement);
}

/** The most disagreeing clean images (whether or not the top-1 changed). */
export function topDisagreeing(rows: readonly ImageRow[], count: number): GalleryItem[] {
  return rows.filter((r) => r.disagreement > 0).map(fromRow).sort(byDisagreement).slice(0, count);
}

/** The report's examples of flips under perturbation (a bounded list; `total` counts every flip). */
export function perturbedFlips(report: ParityReport, rows: readonly ImageRow[]): { items: GalleryItem[]; total: number } {
  const flips = report.robustness?.flips;
  if (!flips) return { items: [], total: 0 };
  const byPath = new Map(rows.map((r) => [r.path, r.index]));
  const classes = report.labels?.classes ?? null;
  const seed = report.robustness?.seed ?? 0;
  const items = flips.examples.map((f, i): GalleryItem => ({
    key: `perturbed:${i}:${f.path}:${f.perturbation}:${f.severity}`,
    index: byPath.get(f.path) ?? null,
    path: f.path,
    label: f.label,
    referenceClass: classNameOf(f.reference, classes),
    candidateClass: classNameOf(f.candidate, classes),
    referenceProb: f.reference.prob,
    candidateProb: f.candidate.prob,
    disagreement: f.disagreement,
    iou: null,
    text: null,
    perturbation: { name: f.perturbation, severity: f.severity, seed, reference: f.reference, candidate: f.candidate },
  }));
  return { items: items.sort(byDisagreement), total: flips.total };
}
