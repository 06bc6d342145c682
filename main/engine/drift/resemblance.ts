/**
 * Which perturbation the field resembles: a seeded sample of reference images (at the analysis size) is put
 * through each catalog perturbation and severity, measured, and compared with the field statistic by statistic;
 * the distance is the mean KS statistic over the statistics a perturbation can move. The unperturbed sample's own
 * distance is the yardstick: a perturbation that does not beat it explains nothing.
 */
import { perturbationInfo, severityParams, type PerturbationName, type Severity } from '../../../shared/perturbations/index.js';
import { RESEMBLANCE_STATISTICS, STATISTIC_NAMES, type StatisticName } from '../../../shared/drift/statistics.js';
import type { Resemblance } from '../../../shared/drift/drift-report.js';
import type { JobContext } from '../jobs/context.js';
import type { RgbImage } from '../images/index.js';
import { perturbImage } from '../perturb/index.js';
import { ksStatistic } from './ks-test.js';
import { pixelStatistics } from './pixel-statistics.js';

export interface SampleImage {
  image: RgbImage;
  jpegQuality: number;
}

export interface ResemblanceOutcome {
  resembles: Resemblance[];
  cleanDistance: number;
  perturbations: number;
  statistics: StatisticName[];
}

type Columns = Record<StatisticName, number[]>;

function emptyColumns(): Columns {
  return Object.fromEntries(STATISTIC_NAMES.map((n) => [n, [] as number[]])) as unknown as Columns;
}

function measure(into: Columns, image: RgbImage, jpegQuality: number): void {
  const s = pixelStatistics(image);
  for (const name of RESEMBLANCE_STATISTICS) into[name].push(name === 'jpegQuality' ? jpegQuality : s[name as Exclude<StatisticName, 'resolution' | 'aspectRatio' | 'jpegQuality'>]);
}

function distance(columns: Columns, field: (name: StatisticName) => Float64Array, used: StatisticName[]): { mean: number; per: Record<string, number> } {
  const per: Record<string, number> = {};
  let sum = 0;
  for (const name of used) {
    const sample = Float64Array.from(columns[name]).sort();
    const d = ksStatistic(sample, field(name));
    per[name] = d;
    sum += d;
  }
  return { mean: sum / used.length, per };
}

/** Ranks every (perturbation, severity) by how close the perturbed reference sample comes to the field, closest first. */
export async function rankResemblance(
  sample: readonly SampleImage[],
  fieldValues: (name: StatisticName) => Float64Array,
  perturbations: readonly PerturbationName[],
  severities: readonly Severity[],
  seed: number,
  ctx: JobContext,
): Promise<ResemblanceOutcome> {
  const used = RESEMBLANCE_STATISTICS.filter((name) => fieldValues(name).length > 0);
  const clean = emptyColumns();
  for (const s of sample) measure(clean, s.image, s.jpegQuality);
  const cleanDistance = distance(clean, fieldValues, used).mean;
  const units = perturbations.length * severities.length;
  const resembles: Resemblance[] = [];
  let done = 0;
  ctx.progress('matching perturbations', 0, units);
  for (const name of perturbations) {
    for (const severity of severities) {
      ctx.throwIfCancelled();
      const columns = emptyColumns();
      const quality = name === 'jpeg_compression' ? (severityParams(name, severity) as { quality: number }).quality : Infinity;
      for (const s of sample) {
        const perturbed = await perturbImage(s.image, { name, severity, seed });
        measure(columns, perturbed, Math.min(s.jpegQuality, quality));
      }
      const d = distance(columns, fieldValues, used);
      resembles.push({ name, severity, distance: d.mean, perStatistic: d.per, closerThanClean: d.mean < cleanDistance, agreement: null });
      done += 1;
      ctx.progress('matching perturbations', done, units, `${perturbationInfo(name).title} ${severity}`);
    }
  }
  resembles.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name) || a.severity - b.severity);
  return { resembles, cleanDistance, perturbations: units, statistics: used };
}
