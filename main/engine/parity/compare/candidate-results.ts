/**
 * A run of several candidates in the report: each further candidate's model, summary, gate, perturbations and performance, the
 * run's gate over all of them, and the job result's one line per candidate.
 */
import { promises as fs } from 'node:fs';
import type { CandidateOutcome } from '../../../../shared/contract/jobs/compare.js';
import type { CandidateResult, Gate } from '../../../../shared/report/report.js';
import type { BenchmarkResult } from '../../../../shared/report/performance-section.js';
import type { RobustnessHeadline } from '../../../../shared/report/robustness-section.js';
import { performanceSection } from '../../bench/compare-performance.js';
import { sha256File } from '../../onnx/index.js';
import { evaluateGate } from '../gate.js';
import type { FurtherCandidates } from '../pair/further-candidates.js';
import type { ComparedImages } from './image-loop.js';
import type { RobustnessSections } from './robustness-tally.js';
import type { RunFolder } from './run-folder.js';

/** The report entries of the candidates after the first (empty with one candidate). */
export async function furtherCandidateResults(args: {
  run: RunFolder;
  sides: FurtherCandidates | null;
  compared: ComparedImages;
  benchmark: BenchmarkResult | null;
  /** Each further candidate's perturbation sections, in the run's order (empty without perturbations). */
  robustness: readonly RobustnessSections[];
}): Promise<CandidateResult[]> {
  const { run, sides, compared, benchmark } = args;
  if (!sides || compared.further.length !== sides.count) return [];
  return Promise.all(
    compared.further.map(async (further, i): Promise<CandidateResult> => {
      const candidate = run.candidates[i + 1]!;
      const signature = sides.sides[i]!.signature;
      const [sha256, stat] = await Promise.all([sha256File(candidate.path), fs.stat(candidate.path)]);
      const summary = further.evaluator.summary();
      const robustness = args.robustness[i];
      return {
        name: candidate.name,
        model: {
          path: candidate.path,
          sha256,
          sizeBytes: stat.size,
          inputs: signature.inputs,
          outputs: signature.outputs,
          ...(candidate.manifest ? { manifest: candidate.manifest } : {}),
        },
        summary: { clean: summary.overall, perOutput: summary.perOutput },
        gate: evaluateGate(summary.overall, run.params.gate),
        ...(robustness ? { perturbations: robustness.perturbations, robustness: robustness.robustness } : {}),
        ...(benchmark ? { performance: performanceSection(benchmark, summary.overall, robustness?.perturbations, i + 1) } : {}),
        inferenceMs: { reference: compared.timings.refMs, candidate: further.candMs },
      };
    }),
  );
}

/** The run's gate: it passes when every candidate's does; with several candidates each failure names its candidate. */
export function runGate(firstName: string, first: Gate, further: readonly CandidateResult[]): Gate {
  if (further.length === 0) return first;
  const named = (name: string, gate: Gate): Gate['failures'] => gate.failures.map((f) => ({ ...f, candidate: name, message: `${name}: ${f.message}` }));
  return {
    passed: first.passed && further.every((c) => c.gate.passed),
    criteria: first.criteria,
    failures: [...named(firstName, first), ...further.flatMap((c) => named(c.name, c.gate))],
  };
}

/** The job result's figures of each candidate (`robustness`: each one's headline, in order, when the run perturbed). */
export function candidateOutcomes(candidates: readonly CandidateResult[], robustness: readonly RobustnessHeadline[]): CandidateOutcome[] {
  return candidates.map((c, i) => ({
    name: c.name,
    path: c.model.path,
    summary: c.summary.clean,
    gate: c.gate,
    ...(robustness[i] ? { robustness: robustness[i] } : {}),
    ...(c.performance ? { performance: c.performance.headline } : {}),
  }));
}
