/** The statistics row of one analysed image, in STATISTIC_NAMES order, and their shifts between two folders. */
import { STATISTICS, STATISTIC_NAMES } from '../../../shared/drift/statistics.js';
import type { DriftLevel, DriftStatistic } from '../../../shared/drift/drift-report.js';
import type { AnalysisImage } from './analysis-image.js';
import { pixelStatistics } from './pixel-statistics.js';
import { scalarShift, type ScalarSet } from './scalar-set.js';

/** Every statistic of one image (pixels measured once). */
export function statisticsRow(a: AnalysisImage): number[] {
  const p = pixelStatistics(a.image);
  const values: Record<(typeof STATISTIC_NAMES)[number], number> = {
    ...p,
    resolution: (a.fileWidth * a.fileHeight) / 1e6,
    aspectRatio: a.fileWidth / a.fileHeight,
    jpegQuality: a.jpegQuality,
  };
  return STATISTIC_NAMES.map((name) => values[name]);
}

/** PSI's usual reading. */
export function driftLevel(psi: number | null): DriftLevel {
  if (psi === null || psi < 0.1) return 'stable';
  return psi <= 0.25 ? 'moderate' : 'shifted';
}

/** Every statistic's shift, sorted by how far it moved (PSI, then KS), largest first. */
export function statisticShifts(reference: ScalarSet, field: ScalarSet, cuts: number[][]): DriftStatistic[] {
  const shifts = STATISTIC_NAMES.map((name, k): DriftStatistic => {
    const info = STATISTICS[name];
    const shift = scalarShift(reference, field, k, cuts[k]!, info.logScale === true);
    return { name, title: info.title, unit: info.unit, level: driftLevel(shift.psi), ...shift };
  });
  return shifts.sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1) || (b.ks ?? -1) - (a.ks ?? -1));
}
