/**
 * A run of several candidates side by side: one row per candidate with the figures the app's and the HTML report's
 * comparison tables show (agreement, accuracy, largest error, worst perturbation, size, speed, gate).
 */
import { sizePhrase, speedPhrase } from './performance-section.js';
import type { ParityReport } from './report.js';
import { worstPerturbation, type WorstPerturbation } from './worst-perturbation.js';

export interface CandidateRow {
  name: string;
  path: string;
  /** Null for a side with no file (candidates of a multi-candidate run are files). */
  sizeBytes: number | null;
  /** Candidate ÷ reference file size; null when either size is unknown. */
  sizeRatio: number | null;
  top1Agreement: number | null;
  accuracy: number | null;
  /** Candidate − reference accuracy. */
  accuracyDelta: number | null;
  maxAbsDiff: number;
  allcloseRate: number;
  /** The perturbation and severity with the lowest agreement; null when the run did not perturb. */
  worstPerturbation: WorstPerturbation | null;
  /** Median candidate ÷ reference latency (below 1: faster); null without the performance section. */
  latencyRatio: number | null;
  /** True when that ratio's 95% interval contains 1. */
  withinNoise: boolean | null;
  /** Null when the run has no gate. */
  gatePassed: boolean | null;
}

/** The rows of a report's candidates[] (empty for a run of one candidate). */
export function candidateRows(report: Pick<ParityReport, 'candidates' | 'models' | 'gate'>): CandidateRow[] {
  const candidates = report.candidates ?? [];
  if (candidates.length < 2) return [];
  const referenceSize = report.models.reference.sizeBytes;
  return candidates.map((c) => {
    const s = c.summary.clean;
    const comparison = c.performance?.benchmark.comparisons[0] ?? null;
    return {
      name: c.name,
      path: c.model.path,
      sizeBytes: c.model.sizeBytes,
      sizeRatio: referenceSize !== null && c.model.sizeBytes !== null && referenceSize > 0 ? c.model.sizeBytes / referenceSize : null,
      top1Agreement: s.top1Agreement,
      accuracy: s.accuracy?.candidate ?? null,
      accuracyDelta: s.accuracy?.delta ?? null,
      maxAbsDiff: s.maxAbsDiff,
      allcloseRate: s.allcloseRate,
      worstPerturbation: worstPerturbation(c.perturbations),
      latencyRatio: comparison?.latencyRatio.median ?? null,
      withinNoise: comparison?.withinNoise ?? null,
      gatePassed: report.gate.criteria.length === 0 ? null : c.gate.passed,
    };
  });
}

/** "12% faster", "no measurable speed difference", or "not measured" without a benchmark. */
export function candidateSpeed(row: CandidateRow): string {
  if (row.latencyRatio === null || row.withinNoise === null) return 'not measured';
  return speedPhrase({ latencyRatio: { median: row.latencyRatio, ci95: [row.latencyRatio, row.latencyRatio] }, withinNoise: row.withinNoise });
}

/** "2.06× smaller", "the same size"; "" when a size is unknown. */
export function candidateSize(row: CandidateRow): string {
  return row.sizeRatio === null ? '' : sizePhrase(row.sizeRatio);
}
