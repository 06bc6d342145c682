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
import { imageDigest, perturbImage } from '../perturb/index.js';
import { ResemblanceCache } from './resemblance-cache.js';
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

/** A perturbation explains the field when it brings the sample at least a quarter closer than no perturbation. */
export const CLEARLY_CLOSER = 0.75;

function emptyColumns(): Columns {
  return Object.fromEntries(STATISTIC_NAMES.map((n) => [n, [] as number[]])) as unknown as Columns;
}

type PixelName = Exclude<StatisticName, 'resolution' | 'aspectRatio' | 'jpegQuality'>;
const PIXEL_NAMES = RESEMBLANCE_STATISTICS.filter((n): n is PixelName => n !== 'jpegQuality' && n !== 'resolution' && n !== 'aspectRatio');

function pixelValues(image: RgbImage): number[] {
  const s = pixelStatistics(image);
  return PIXEL_NAMES.map((name) => s[name]);
}

function push(into: Columns, pixels: readonly number[], jpegQuality: number): void {
  PIXEL_NAMES.forEach((name, i) => into[name].push(pixels[i]!));
  if (RESEMBLANCE_STATISTICS.includes('jpegQuality')) into.jpegQuality.push(jpegQuality);
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

/** The statistics of the sample under one perturbation and severity, from the cache where it has them. */
async function perturbedColumns(sample: readonly SampleImage[], caches: readonly ResemblanceCache[], name: PerturbationName, severity: Severity, seed: number): Promise<Columns> {
  const columns = emptyColumns();
  const quality = name === 'jpeg_compression' ? (severityParams(name, severity) as { quality: number }).quality : Infinity;
  for (let i = 0; i < sample.length; i++) {
    const s = sample[i]!;
    let values = caches[i]!.get(name, severity);
    if (!values) {
      values = pixelValues(await perturbImage(s.image, { name, severity, seed }));
      caches[i]!.set(name, severity, values);
    }
    push(columns, values, Math.min(s.jpegQuality, quality));
  }
  return columns;
}

/** Ranks every (perturbation, severity) by how close the perturbed reference sample comes to the field, closest first. */
export async function rankResemblance(
  sample: readonly SampleImage[],
  fieldValues: (name: StatisticName) => Float64Array,
  perturbations: readonly PerturbationName[],
  severities: readonly Severity[],
  seed: number,
  ctx: JobContext,
  useCache = true,
): Promise<ResemblanceOutcome> {
  const used = RESEMBLANCE_STATISTICS.filter((name) => fieldValues(name).length > 0);
  const clean = emptyColumns();
  for (const s of sample) push(clean, pixelValues(s.image), s.jpegQuality);
  const cleanDistance = distance(clean, fieldValues, used).mean;
  const caches = await Promise.all(sample.map((s) => ResemblanceCache.open(imageDigest(s.image), seed, useCache)));
  const units = perturbations.length * severities.length;
  const resembles: Resemblance[] = [];
  ctx.progress('matching perturbations', 0, units);
  try {
    for (const name of perturbations) {
      for (const severity of severities) {
        ctx.throwIfCancelled();
        const d = distance(await perturbedColumns(sample, caches, name, severity, seed), fieldValues, used);
        resembles.push({ name, severity, distance: d.mean, perStatistic: d.per, closerThanClean: d.mean <= CLEARLY_CLOSER * cleanDistance, agreement: null });
        ctx.progress('matching perturbations', resembles.length, units, `${perturbationInfo(name).title} ${severity}`);
      }
    }
  } finally {
    // Even a cancelled check keeps what it measured for the next one.
    await Promise.all(caches.map((c) => c.save()));
  }
  resembles.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name) || a.severity - b.severity);
  return { resembles, cleanDistance, perturbations: units, statistics: used };
}
