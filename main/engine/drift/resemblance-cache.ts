/**
 * The statistics of perturbed reference images, cached on disk per image: a weekly drift check against the same
 * reference folder then perturbs nothing. Keyed by the image's pixel digest (at the analysis size), the seed and
 * the perturbation algorithm version, so a hit is exactly what the code would compute; the file is small (a few
 * numbers per perturbation and severity). Every I/O failure only makes it a miss.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { cacheDir } from '../env/data-dirs.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { PERTURBATION_ALGORITHM_VERSION } from '../perturb/index.js';

const EntrySchema = z.record(z.string(), z.array(z.number()));
/** Bumped when a statistic's definition changes. */
const STATISTICS_VERSION = 1;

export class ResemblanceCache {
  private constructor(
    private readonly file: string | null,
    private readonly entries: Record<string, number[]>,
  ) {}

  /** The cached statistics of one sample image (an empty cache when `enabled` is false). */
  static async open(digest: string, seed: number, enabled: boolean): Promise<ResemblanceCache> {
    if (!enabled) return new ResemblanceCache(null, {});
    const key = createHash('sha256').update(`drift-stats/${STATISTICS_VERSION}/${PERTURBATION_ALGORITHM_VERSION}|${seed}|${digest}`).digest('hex');
    const file = path.join(cacheDir(), 'drift', `${key.slice(0, 2)}`, `${key}.json`);
    try {
      return new ResemblanceCache(file, EntrySchema.parse(JSON.parse(await fs.readFile(file, 'utf8'))));
    } catch {
      return new ResemblanceCache(file, {});
    }
  }

  get(name: string, severity: number): number[] | undefined {
    return this.entries[`${name}:${severity}`];
  }

  set(name: string, severity: number, values: number[]): void {
    this.entries[`${name}:${severity}`] = values;
  }

  async save(): Promise<void> {
    if (!this.file) return;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify(this.entries));
    } catch {
      // A cache that cannot be written only costs time next run.
    }
  }
}
