import { describe, expect, it } from 'vitest';
import { ParityReportSchema } from '../../shared/report/report.js';
import { filterRows, imageRows, sortRows } from '../../renderer/src/screens/results/image-rows.js';
import { cleanFlips, perturbedFlips, topDisagreeing } from '../../renderer/src/screens/results/gallery-items.js';
import { buildClassifierReport } from '../engine/report/html/fixtures/build-report.js';

const report = ParityReportSchema.parse(buildClassifierReport({ images: 300, robustness: true }));
const rows = imageRows(report);

describe('per-image rows', () => {
  it('has one row per image with both top-1 classes, agreement and the largest output error', () => {
    expect(rows).toHaveLength(300);
    for (const [i, r] of rows.entries()) {
      const src = report.perImage[i]!;
      expect(r.path).toBe(src.path);
      expect(r.agree).toBe(src.reference.topK[0]!.index === src.candidate.topK[0]!.index);
      expect(r.maxAbs).toBe(Math.max(...src.outputs.map((o) => o.errors!.maxAbs)));
      expect(r.referenceClass).toBe(src.reference.topK[0]!.label ?? report.labels!.classes[src.reference.topK[0]!.index]);
    }
    expect(rows.some((r) => r.agree === false)).toBe(true);
  });

  it('filters by kind and by text in the path, label or classes', () => {
    const differs = filterRows(rows, 'differs', '');
    expect(differs.length).toBe(rows.filter((r) => r.agree === false).length);
    expect(differs.every((r) => r.agree === false)).toBe(true);
    const regressions = filterRows(rows, 'regressions', '');
    expect(regressions.every((r) => r.referenceCorrect === true && r.candidateCorrect === false)).toBe(true);
    const folder = filterRows(rows, 'all', 'FLIPPED/');
    expect(folder.length).toBe(rows.filter((r) => r.path.includes('/flipped/')).length);
    expect(folder.length).toBeGreaterThan(0);
    // Text also matches the classes: "180" finds every image either model (or the label) calls 180.
    const named = filterRows(rows, 'all', '180');
    expect(named.length).toBe(rows.filter((r) => r.path.includes('180') || [r.label, r.referenceClass, r.candidateClass].includes('180')).length);
    expect(named.length).toBeLessThan(rows.length);
    expect(filterRows(rows, 'all', '  ').length).toBe(300);
  });

  it('sorts stably in both directions, numbers as numbers', () => {
    const byDisagreement = sortRows(rows, 'disagreement', 'desc');
    for (let i = 1; i < byDisagreement.length; i++) expect(byDisagreement[i - 1]!.disagreement).toBeGreaterThanOrEqual(byDisagreement[i]!.disagreement);
    const byPath = sortRows(rows, 'path', 'asc');
    expect(byPath.map((r) => r.path)).toEqual([...rows.map((r) => r.path)].sort());
    const byAgree = sortRows(rows, 'agree', 'asc');
    const firstAgree = byAgree.findIndex((r) => r.agree === true);
    expect(byAgree.slice(0, firstAgree).every((r) => r.agree === false)).toBe(true);
    // Ties keep the report's order.
    const ties = byAgree.slice(firstAgree).map((r) => r.index);
    expect(ties).toEqual([...ties].sort((a, b) => a - b));
  });
});

describe('gallery items', () => {
  it('lists clean flips most disagreeing first, and the top disagreeing images', () => {
    const flips = cleanFlips(rows);
    expect(flips.length).toBe(rows.filter((r) => r.agree === false).length);
    for (let i = 1; i < flips.length; i++) expect(flips[i - 1]!.disagreement).toBeGreaterThanOrEqual(flips[i]!.disagreement);
    expect(topDisagreeing(rows, 5)).toHaveLength(5);
  });

  it('takes flips under perturbation from the robustness section, linked to their clean rows', () => {
    const { items, total } = perturbedFlips(report, rows);
    const examples = report.robustness?.flips?.examples ?? [];
    expect(items).toHaveLength(examples.length);
    expect(total).toBe(report.robustness?.flips?.total ?? 0);
    for (const item of items) {
      expect(item.perturbation).not.toBeNull();
      expect(item.index === null ? null : rows[item.index]!.path).toBe(item.path);
    }
  });
});
