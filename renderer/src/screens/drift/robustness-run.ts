/** The robustness run a drift check links to: the newest compare run with perturbations of the same models. */
import type { RunListing } from '../../../../shared/contract/host-api.js';

/** Runs with perturbations whose reference (and candidate, when one is chosen) are these files, newest first. */
export function robustnessRunsFor(runs: readonly RunListing[] | null, model: string | null, candidate: string | null): RunListing[] {
  if (!runs || !model) return [];
  return runs
    .filter((r) => r.hasPerturbations && r.reference === model && (candidate === null || r.candidate === candidate))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
