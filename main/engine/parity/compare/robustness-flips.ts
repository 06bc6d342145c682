/**
 * The bounded list of top-1 flips under perturbation (the candidate's top-1 differs from the reference's on a
 * perturbed image), kept with the perturbed pixels for the galleries. At most FLIPS_KEPT_PER_PERTURBATION per
 * perturbation (the largest disagreements), so that one harsh corruption does not fill the gallery, and
 * MAX_EXAMPLES overall; every flip is counted either way. What is kept depends only on the flips offered, not on
 * their order (ties go to the smaller path, then the lower severity), so shards' collectors merge exactly.
 */
import type { FlipExample } from '../../../../shared/report/robustness-section.js';
import { compareCodePoints, type RgbImage } from '../../images/index.js';

// Enough to browse in the app's gallery (9 of 400 flips was too few to see a pattern), bounded for the HTML.
export const MAX_FLIP_EXAMPLES = 64;
export const FLIPS_KEPT_PER_PERTURBATION = 8;

export interface KeptFlip {
  example: FlipExample;
  /** Null after a resume or a merge: the perturbed pixels are made again (or their thumbnail taken) for the report. */
  image: RgbImage | null;
}

/** What a checkpoint keeps of the collector: every kept example, per perturbation in order, and the count. */
export interface FlipCollectorState {
  total: number;
  kept: Array<[string, FlipExample[]]>;
}

/** The order flips are ranked in: larger disagreement first, then path, perturbation and severity. */
function compareFlips(a: FlipExample, b: FlipExample): number {
  return (
    b.disagreement - a.disagreement ||
    compareCodePoints(a.path, b.path) ||
    compareCodePoints(a.perturbation, b.perturbation) ||
    a.severity - b.severity
  );
}

export class FlipCollector {
  private readonly byPerturbation = new Map<string, KeptFlip[]>();
  total = 0;

  toState(): FlipCollectorState {
    return { total: this.total, kept: [...this.byPerturbation].map(([name, flips]) => [name, flips.map((f) => f.example)]) };
  }

  static fromState(state: FlipCollectorState): FlipCollector {
    const collector = new FlipCollector();
    collector.total = state.total;
    for (const [name, examples] of state.kept) collector.byPerturbation.set(name, examples.map((example) => ({ example, image: null })));
    return collector;
  }

  /** Counts a flip and keeps it if it is among its perturbation's largest disagreements (with its pixels when shown). */
  offer(example: FlipExample, image: RgbImage | null): void {
    this.total++;
    this.keep({ example, image });
  }

  /** Adds another collector's flips (another shard's), as if they had been offered here. */
  merge(other: FlipCollector): void {
    this.total += other.total;
    for (const flips of other.byPerturbation.values()) for (const flip of flips) this.keep(flip);
  }

  /** Every kept flip, per perturbation (a shard saves the thumbnails of all of them: any may be shown once merged). */
  kept(): KeptFlip[] {
    return [...this.byPerturbation.values()].flat();
  }

  /** The examples shown: largest disagreement first, at most MAX_FLIP_EXAMPLES, ties in a stable order. */
  shown(): KeptFlip[] {
    return this.kept()
      .sort((a, b) => compareFlips(a.example, b.example))
      .slice(0, MAX_FLIP_EXAMPLES);
  }

  private keep(flip: KeptFlip): void {
    const kept = this.byPerturbation.get(flip.example.perturbation) ?? [];
    if (kept.length < FLIPS_KEPT_PER_PERTURBATION) {
      kept.push(flip);
    } else {
      let last = 0;
      for (let i = 1; i < kept.length; i++) if (compareFlips(kept[i]!.example, kept[last]!.example) > 0) last = i;
      if (compareFlips(flip.example, kept[last]!.example) >= 0) return;
      kept[last] = flip;
    }
    this.byPerturbation.set(flip.example.perturbation, kept);
  }
}
