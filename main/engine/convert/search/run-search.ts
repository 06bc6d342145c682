/**
 * `parity convert --recipe int8-static --target …`: candidates are converted one after another into a staging
 * folder next to the output (each a real conversion with the calibration statistics shared), measured on the
 * validation images through the compare pipeline and timed against the original on this machine, until the plan is
 * exhausted or the budget runs out. The chosen candidate is moved to the output and its manifest records every
 * candidate. Cancelling, or any failure, leaves nothing at the output.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SearchRequest } from '../../../../shared/contract/jobs/convert-search.js';
import type { ConvertResult } from '../../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../../shared/errors.js';
import type { SearchCandidate } from '../../../../shared/report/search-section.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import { valueOfSummary } from '../../../../shared/report/output-kinds.js';
import { BenchSession } from '../../bench/bench-session.js';
import { hasInt8DotProduct, readCpuInfo } from '../../env/cpu-info.js';
import { resolvePreprocessSpec } from '../../images/index.js';
import { ModelSession } from '../../infer/model-session.js';
import type { JobContext } from '../../jobs/context.js';
import { readModel } from '../../onnx/index.js';
import { evaluateGate } from '../../parity/gate.js';
import { gateMetricByName } from '../../../../shared/gate-spec.js';
import { commit, convertModel, type ConvertRequest } from '../convert-model.js';
import { writeManifest } from '../manifest.js';
import { imageInput } from '../timing-input.js';
import { speedNote } from '../verify-variant.js';
import { reusedCalibration } from './calibration-cache.js';
import { exclusionStart, nextCandidate, type CandidateSpec } from './candidate-plan.js';
import { decide } from './choose.js';
import { timeAgainstOriginal, type InterleavedTiming } from './interleaved-timing.js';
import { rankSensitivity, type NodeSensitivity } from './sensitivity.js';
import { searchVerdict } from './search-verdict.js';
import { selectValidationImages } from './validation-images.js';
import { ValidationSet } from './validation-set.js';

export type SearchConvertRequest = ConvertRequest & { search: SearchRequest };

/** Interleaved timing of each candidate: at least 15 rounds, more for fast models (about 1.5 s). */
const TIMING = { minRounds: 15, minTotalMs: 1500, maxRounds: 300 } as const;

/** Thrown inside a candidate when the budget runs out: the candidate is dropped and the search ends. */
class BudgetSpent extends Error {}

/**
 * The context of one step of the search: its progress shown under the search's own stage with the candidate's
 * label, and — past `deadline` (performance.now() ms) — a stop at the next cancellation check.
 */
function nested(ctx: JobContext, report: (message: string) => void, deadline = Infinity): JobContext {
  return {
    ...ctx,
    progress: (stage) => report(stage),
    log: ctx.log,
    throwIfCancelled: () => {
      ctx.throwIfCancelled();
      if (performance.now() > deadline) throw new BudgetSpent();
    },
  };
}

function criteriaMetrics(summary: SummaryMetrics, target: SearchRequest['target']): Record<string, number | null> {
  return Object.fromEntries(target.map((c) => [c.metric, (() => {
    const metric = gateMetricByName(c.metric);
    return metric === null ? null : valueOfSummary(summary, metric);
  })()]));
}

/** Runs the search and writes the chosen int8 variant with its manifest (see the file comment). */
export async function runSearch(request: SearchConvertRequest, ctx: JobContext): Promise<ConvertResult> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const s = request.search;
  if (request.recipe !== 'int8-static') {
    throw new ParityError('BAD_OPTION', `--target searches int8-static candidates; the recipe is ${request.recipe}.`, 'Use --recipe int8-static with --target, or leave --target out.');
  }
  if (request.calib === null) throw new ParityError('BAD_OPTION', 'int8-static needs calibration images: pass --calib <dir>.', 'Use a few hundred images like the ones the model will see in use.');
  const source = path.resolve(request.model);
  const output = path.resolve(request.output);
  if (source === output) throw new ParityError('BAD_OPTION', 'The output path is the source model itself.', 'Choose another -o path.');
  const stat = await fs.stat(source).catch(() => null);
  if (!stat?.isFile()) throw new ParityError('BAD_OPTION', `Model not found: ${source}`, 'Check the path.');
  for (const criterion of s.target) {
    if (gateMetricByName(criterion.metric) === null) throw new ParityError('BAD_OPTION', `Unknown target metric "${criterion.metric}".`, 'Use a key of summary.clean, as in --fail-under.');
  }
  ctx.progress('preparing the search', 0, null);
  const original = await readModel(source);
  const input = imageInput(original);
  const preprocess = resolvePreprocessSpec(request.preprocess, input);
  const images = await selectValidationImages(s, request.calib);
  await fs.mkdir(path.dirname(output), { recursive: true });
  const staging = await fs.mkdtemp(path.join(path.dirname(output), '.parity-search-'));
  const threads = os.availableParallelism();
  const cpu = readCpuInfo();
  const sessions: Array<{ release(): Promise<void> }> = [];
  try {
    const reference = await ModelSession.open(source, { threads: null, optimizationLevel: 'all', spinning: false, trusted: true });
    sessions.push(reference);
    const validation = await ValidationSet.build(reference, input.name, preprocess, images, s, ctx);
    // The original against itself: a target that does not apply to this model, or that the original itself misses,
    // is refused before any candidate is built.
    const self = (await validation.measure(reference, { clean: true, perturbed: false }, ctx)).clean!;
    const selfGate = evaluateGate(self, s.target);
    if (!selfGate.passed) {
      const failure = selfGate.failures[0]!;
      const applies = failure.value !== null;
      throw new ParityError(
        'BAD_OPTION',
        applies
          ? `The original model itself does not meet ${s.targetText} on the validation images (${failure.message}): no variant of it can be expected to.`
          : `The target ${s.targetText} does not apply here: ${failure.message}.`,
        applies ? 'Set the target relative to the original (e.g. accuracyDelta>=-0.01, or an agreement metric).' : 'Use a key of summary.clean this model has (top1Agreement for classifiers, iou for maps, accuracy with --labels).',
      );
    }
    const originalBench = await BenchSession.open(source, { threads, spinning: false });
    sessions.push(originalBench);
    const timingInput = await validation.firstInput();
    const calibration = reusedCalibration(images.notForCalibration);
    const tried: SearchCandidate[] = [];
    const timings = new Map<string, InterleavedTiming>();
    let sensitivity: NodeSensitivity[] = [];
    let sensitivityMeasured = false;
    let stoppedBy: 'done' | 'budget' = 'done';
    const base = { perChannel: request.perChannel, calibMethod: request.calibMethod, channelSqnrFloorDb: request.channelSqnrFloorDb };
    const show = (label: string, step: string): void => ctx.progress('searching', Math.min(Math.round(elapsed()), s.budgetSeconds), s.budgetSeconds, `${label}: ${step}`);

    // Every candidate after the first must finish within the budget; the first is needed whatever it costs.
    const deadline = (): number => (tried.length === 0 ? Infinity : started + s.budgetSeconds * 1000);
    const tryCandidate = async (spec: CandidateSpec): Promise<SearchCandidate> => {
      const id = `c${tried.length + 1}`;
      const t0 = performance.now();
      const file = path.join(staging, `${id}.onnx`);
      const inner = nested(ctx, (step) => show(spec.label, step), deadline());
      const int8 = spec.recipe === 'int8-static';
      const record = (fields: Partial<SearchCandidate>): SearchCandidate => ({
        id,
        label: spec.label,
        recipe: spec.recipe,
        ...(int8 ? { perChannel: spec.perChannel!, calibMethod: spec.calibMethod!, channelSqnrFloorDb: spec.channelSqnrFloorDb! } : {}),
        excluded: spec.exclude,
        latencyRatio: null,
        sizeRatio: null,
        metric: null,
        metrics: {},
        perturbed: null,
        meetsTarget: false,
        failed: null,
        seconds: (performance.now() - t0) / 1000,
        ...fields,
      });
      try {
        const converted = await convertModel(
          {
            ...request,
            recipe: spec.recipe,
            output: file,
            measureSpeed: false,
            ...(int8
              ? {
                  perChannel: spec.perChannel!,
                  calibMethod: spec.calibMethod!,
                  channelSqnrFloorDb: spec.channelSqnrFloorDb!,
                  excludeNodes: [...request.excludeNodes, ...spec.exclude],
                  calibrationSource: calibration.source,
                }
              : {}),
          },
          inner,
        );
        show(spec.label, 'measuring on the validation images');
        const session = await ModelSession.open(file, { threads: null, optimizationLevel: 'all', spinning: false, trusted: true });
        let measured;
        let under: Awaited<ReturnType<ValidationSet['measure']>>['perturbed'] = null;
        try {
          measured = (await validation.measure(session, { clean: true, perturbed: false }, inner)).clean!;
          if (evaluateGate(measured, s.target).passed && s.perturb.length > 0) {
            show(spec.label, 'measuring under perturbations');
            under = (await validation.measure(session, { clean: false, perturbed: true }, inner)).perturbed;
          }
        } finally {
          await session.release();
        }
        show(spec.label, 'timing against the original');
        const timing = await timeAgainstOriginal(originalBench, file, input.name, timingInput, { threads, ...TIMING }, inner);
        timings.set(id, timing);
        const metrics = criteriaMetrics(measured, s.target);
        const cleanMet = evaluateGate(measured, s.target).passed;
        const perturbed =
          under === null
            ? null
            : [...under].map(([key, summary]) => {
                const [name, severity] = key.split('|');
                return { perturbation: name!, severity: Number(severity), metric: criteriaMetrics(summary, s.target)[s.target[0]!.metric] ?? null, meets: evaluateGate(summary, s.target).passed };
              });
        return record({
          latencyRatio: timing.ratio,
          sizeRatio: converted.manifest.sizeRatio,
          metric: metrics[s.target[0]!.metric] ?? null,
          metrics,
          perturbed,
          meetsTarget: cleanMet && (s.perturb.length === 0 || (perturbed !== null && perturbed.every((p) => p.meets))),
        });
      } catch (error) {
        if (error instanceof BudgetSpent || (error instanceof ParityError && error.code === 'CANCELLED')) throw error;
        // Without its first candidate the search has nothing to build on: the conversion's own error is the answer.
        if (tried.length === 0) throw error;
        ctx.log('warn', `search candidate ${spec.label} failed: ${error instanceof Error ? error.message : String(error)}`);
        return record({ failed: error instanceof Error ? error.message : String(error) });
      }
    };

    const measureSensitivity = async (): Promise<boolean> => {
      sensitivityMeasured = true;
      // Ranked on the candidate the nodes will be kept in float from.
      const first = exclusionStart(tried, s.target);
      if (first === null) return true;
      show('sensitivity', 'isolating each quantized node');
      const manifest = JSON.parse(await fs.readFile(path.join(staging, `${first.id}.manifest.json`), 'utf8')) as { nodes: { quantized: string[] } };
      try {
        const budgetEnd = started + s.budgetSeconds * 1000;
        sensitivity = await rankSensitivity(source, path.join(staging, `${first.id}.onnx`), manifest.nodes.quantized, { root: images.dir, entries: images.entries }, preprocess, nested(ctx, (step) => show('sensitivity', step), budgetEnd));
        return true;
      } catch (error) {
        if (!(error instanceof BudgetSpent)) throw error;
        return false;
      }
    };
    const plan = (): CandidateSpec | null => nextCandidate({ tried, target: s.target, base, ranking: sensitivity.filter((x) => x.aloneSqnrDb !== null).map((x) => x.node) });

    for (;;) {
      let spec = plan();
      // The ranking costs a pass of its own: it is measured only once exclusions are the next thing to try.
      if (spec === null && !sensitivityMeasured && !tried.some((c) => c.meetsTarget && c.recipe === 'int8-static')) {
        if (!(await measureSensitivity())) {
          stoppedBy = 'budget';
          break;
        }
        spec = plan();
      }
      if (spec === null) break;
      // What a candidate costs once the calibration statistics exist (the first one paid for them): the median of
      // the later ones. A candidate that runs past the budget anyway is stopped (see deadline).
      const later = tried.slice(1).filter((c) => c.failed === null).map((c) => c.seconds).sort((a, b) => a - b);
      const typical = later.length === 0 ? 0 : later[later.length >> 1]!;
      if (tried.length > 0 && elapsed() + typical > s.budgetSeconds) {
        stoppedBy = 'budget';
        break;
      }
      ctx.throwIfCancelled();
      let candidate: SearchCandidate;
      try {
        candidate = await tryCandidate(spec);
      } catch (error) {
        if (!(error instanceof BudgetSpent)) throw error;
        ctx.log('info', `search: the budget ran out while trying ${spec.label}; it is left out`);
        stoppedBy = 'budget';
        break;
      }
      tried.push(candidate);
      ctx.log('info', `search: ${candidate.label}: ${candidate.failed ?? `${s.target[0]!.metric} ${candidate.metric}, latency ratio ${candidate.latencyRatio?.median.toFixed(3)}`}`);
    }
    const decision = decide(tried, s.target);
    const chosen = decision.chosen;
    const chosenFile = path.join(staging, `${chosen.id}.onnx`);
    const chosenManifest = JSON.parse(await fs.readFile(path.join(staging, `${chosen.id}.manifest.json`), 'utf8')) as ConvertResult['manifest'];
    const timing = timings.get(chosen.id)!;
    const speed = {
      speedup: 1 / timing.ratio.median,
      sourceMedianMs: timing.originalMedianMs,
      outputMedianMs: timing.candidateMedianMs,
      runs: timing.ratio.rounds,
      threads,
      input: 'the first validation image',
    };
    const cpuFacts = { model: cpu.model, threads, int8DotProduct: hasInt8DotProduct(cpu.flags) };
    const verdict = searchVerdict({ source, decision, candidates: tried, request: s, cpu: cpuFacts, stoppedBy, elapsedSeconds: elapsed(), calibrationPasses: calibration.passes() });
    const manifest: ConvertResult['manifest'] = {
      ...chosenManifest,
      output: { ...chosenManifest.output, path: output },
      speed,
      notes: [...chosenManifest.notes, speedNote(speed), ...verdict],
      search: {
        target: s.target,
        targetText: s.targetText,
        validation: { dir: images.dir, images: validation.count, heldOut: images.heldOut, labelled: images.classes !== null },
        perturb: s.perturb.length > 0 ? { names: s.perturb, severity: s.severity } : null,
        budgetSeconds: s.budgetSeconds,
        elapsedSeconds: elapsed(),
        stoppedBy,
        cpu: cpuFacts,
        sensitivity,
        candidates: tried,
        chosen: chosen.id,
        met: decision.met,
        int8Faster: decision.int8Faster,
        recommendation:
          decision.recommendation === null
            ? null
            : { candidate: decision.recommendation.id, recipe: decision.recommendation.recipe, command: `parity convert ${source} --recipe ${decision.recommendation.recipe}` },
        verdict,
      },
    };
    ctx.throwIfCancelled();
    ctx.progress('writing', 0, 1);
    await commit(chosenFile, output);
    try {
      const manifestPath = await writeManifest(output, manifest);
      ctx.progress('writing', 1, 1);
      return { output, manifestPath, manifest };
    } catch (error) {
      await fs.rm(output, { force: true });
      await fs.rm(`${output}.data`, { force: true });
      throw error;
    }
  } finally {
    await Promise.all(sessions.map((x) => x.release()));
    await fs.rm(staging, { recursive: true, force: true });
  }
}
