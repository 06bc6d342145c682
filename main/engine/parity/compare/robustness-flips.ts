/**
 * The bounded list of top-1 flips under perturbation (the candidate's top-1 differs from the reference's on a
 * perturbed image), kept with the perturbed pixels for the galleries. At most FLIPS_KEPT_PER_PERTURBATION per
 * perturbation (the largest disagreements), so that one harsh corruption does not fill the gallery, and
 * MAX_EXAMPLES overall; every flip is counted either way.
 */
import type { FlipExample } from '../../../../shared/report/robustness-section.js';
import type { RgbImage } from '../../images/index.js';

// Enough to browse in the app's gallery (9 of 400 flips was too few to see a pattern), bounded for the HTML.
export const MAX_FLIP_EXAMPLES = 64;
export const FLIPS_KEPT_PER_PERTURBATION = 8;

export interface KeptFlip {
  example: FlipExample;
  /** Null after a resume: the perturbed pixels are made again when the report is written. */
  image: RgbImage | null;
}

/** What a checkpoint keeps of the collector: every kept example, per perturbation in order, and the count. */
export interface FlipCollectorState {
  total: number;
  kept: Array<[string, FlipExample[]]>;
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

  /** Counts a flip and keeps it if it is among its perturbation's largest disagreements. */
  offer(example: FlipExample, image: RgbImage): void {
    this.total++;
    const kept = this.byPerturbation.get(example.perturbation) ?? [];
    if (kept.length < FLIPS_KEPT_PER_PERTURBATION) {
      kept.push({ example, image });
    } else {
      let min = 0;
      for (let i = 1; i < kept.length; i++) if (kept[i]!.example.disagreement < kept[min]!.example.disagreement) min = i;
      if (example.disagreement <= kept[min]!.example.disagreement) return;
      kept[min] = { example, image };
    }
    this.byPerturbation.set(example.perturbation, kept);
  }

  /** The examples shown: largest disagreement first, at most MAX_FLIP_EXAMPLES, ties in a stable order. */
  shown(): KeptFlip[] {
    return [...this.byPerturbation.values()]
      .flat()
      .sort(
        (a, b) =>
          b.example.disagreement - a.example.disagreement ||
          a.example.path.localeCompare(b.example.path) ||
          a.example.perturbation.localeCompare(b.example.perturbation) ||
          a.example.severity - b.example.severity,
      )
      .slice(0, MAX_FLIP_EXAMPLES);
  }
}
