/**
 * Perturbations with several candidates in one run (issue 14): the real classifier against two altered copies under
 * fog at two severities. Each candidate's perturbations[] equal those of its own one-candidate run exactly; the
 * perturbed images are made once and the reference runs once on each for every candidate; a run stopped after a
 * checkpoint resumes to the report of an uninterrupted run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema, type CompareParams, type CompareResult } from '../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../shared/errors.js';
import { ParityReportSchema, type ParityReport } from '../../../shared/report/report.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { createJobContext, type JobContext } from '../../../main/engine/jobs/context.js';
import { CHECKPOINT_FILE, CHECKPOINT_INTERVAL_MS } from '../../../main/engine/parity/compare/checkpoint.js';
import { runComparison } from '../../../main/engine/parity/compare/run-comparison.js';
import { writeAlteredModel } from '../../helpers/altered-model.js';
import { removeScratchDirs, SAMPLE, scratchDir } from '../../helpers/cli.js';

const SPEC = JSON.parse(readFileSync(SAMPLE.preprocess, 'utf8')) as PreprocessSpec;
const IMAGES = 10;
const SEVERITIES = [2, 5] as const;
let work: string;
let mild: string;
let harsh: string;
const previousCache = process.env.PARITY_CACHE_DIR;

beforeAll(async () => {
  work = scratchDir('parity-multi-perturb-');
  process.env.PARITY_CACHE_DIR = path.join(work, 'cache');
  mild = path.join(work, 'mild.onnx');
  harsh = path.join(work, 'harsh.onnx');
  await writeAlteredModel(SAMPLE.model, mild, 0.2);
  await writeAlteredModel(SAMPLE.model, harsh, 0.6);
});
afterAll(() => {
  if (previousCache === undefined) delete process.env.PARITY_CACHE_DIR;
  else process.env.PARITY_CACHE_DIR = previousCache;
  removeScratchDirs();
});

function paramsOf(name: string, params: Partial<CompareParams>): CompareParams {
  return {
    reference: SAMPLE.model,
    images: SAMPLE.images,
    labels: SAMPLE.labels,
    preprocess: SPEC,
    maxImages: IMAGES,
    perturb: ['fog'],
    severities: [...SEVERITIES],
    seed: 11,
    bench: false,
    layers: false,
    runDir: path.join(work, name),
    ...params,
  };
}

const readReport = (name: string): ParityReport => ParityReportSchema.parse(JSON.parse(readFileSync(path.join(work, name, 'report.json'), 'utf8')));

async function compare(name: string, params: Partial<CompareParams>, ctx?: JobContext): Promise<{ result: CompareResult; report: ParityReport }> {
  const result = await runComparison(CompareParamsSchema.parse(paramsOf(name, params)), ctx ?? createJobContext('test', new AbortController().signal, () => {}, () => {}));
  return { result, report: readReport(name) };
}

const both = (): Partial<CompareParams> => ({ candidate: mild, moreCandidates: [{ candidate: harsh, candidateRecipe: null }] });

/** The report without what differs between two runs of the same comparison (times, dates, cache counters). */
function comparable(report: ParityReport): unknown {
  const { createdAt: _c, timings: _t, ...rest } = report;
  const strip = (r: { robustness?: { timing?: unknown } }): void => void delete r.robustness?.timing;
  strip(rest);
  const candidates = rest.candidates?.map((c) => {
    const copy = structuredClone(c);
    strip(copy);
    delete (copy as { inferenceMs?: unknown }).inferenceMs;
    return copy;
  });
  return { ...rest, candidates };
}

describe('perturbations with several candidates', { timeout: 180_000 }, () => {
  let multi: { result: CompareResult; report: ParityReport };
  const progress: Array<{ done: number; total: number | null }> = [];
  beforeAll(async () => {
    const ctx: JobContext = {
      jobId: 'multi',
      signal: new AbortController().signal,
      progress: (stage, done, total) => {
        if (stage === 'comparing') progress.push({ done, total });
      },
      log: () => {},
      throwIfCancelled: () => {},
    };
    multi = await compare('multi', both(), ctx);
  });

  it("gives every candidate the perturbation results of its own one-candidate run, exactly", async () => {
    const { report, result } = multi;
    expect(report.candidates?.map((c) => c.name)).toEqual(['mild.onnx', 'harsh.onnx']);
    const [first, second] = report.candidates!;
    expect(first!.perturbations).toEqual(report.perturbations);
    expect(first!.robustness).toEqual(report.robustness);
    for (const [name, file, own] of [['alone-mild', mild, first!], ['alone-harsh', harsh, second!]] as const) {
      const alone = (await compare(name, { candidate: file })).report;
      expect(alone.candidates).toBeUndefined();
      expect(own.perturbations).toEqual(alone.perturbations);
      expect(own.perturbations!.map((p) => `${p.name}|${p.severity}|${p.metrics.images}`)).toEqual(SEVERITIES.map((s) => `fog|${s}|${IMAGES}`));
      const { timing: _own, ...ownRobustness } = own.robustness!;
      const { timing: _alone, ...aloneRobustness } = alone.robustness!;
      expect(ownRobustness).toEqual(aloneRobustness);
    }
    // The harsher copy is the less robust one, and the run says which perturbation hurt each most.
    const agreement = (c: typeof first): number => Math.min(...c!.perturbations!.map((p) => p.metrics.top1Agreement!));
    expect(agreement(second)).toBeLessThan(agreement(first));
    expect(second!.robustness!.flips!.total).toBeGreaterThan(0);
    expect(result.candidates?.map((c) => c.robustness?.lowestAgreement?.value)).toEqual([agreement(first), agreement(second)]);
    expect(result.robustness).toEqual(result.candidates![0]!.robustness);
  });

  it('makes each perturbed image once and runs the reference once on it for every candidate', () => {
    const { report } = multi;
    const units = IMAGES * SEVERITIES.length;
    // A cold cache: one perturbed image made per (image, severity), not one per candidate.
    expect(report.robustness!.timing!.cache).toMatchObject({ hits: 0, misses: units, writes: units });
    const [first, second] = report.candidates!;
    // Every candidate is measured against the same reference run: the same reference time, to the last bit.
    expect(second!.robustness!.timing!.inferenceMs.reference).toBe(first!.robustness!.timing!.inferenceMs.reference);
    expect(second!.robustness!.timing!.perturbMs).toBe(first!.robustness!.timing!.perturbMs);
    expect(second!.robustness!.timing!.inferenceMs.candidate).not.toBe(first!.robustness!.timing!.inferenceMs.candidate);
    // Progress counts each candidate's runs (clean and perturbed), so the ETA weighs them.
    const total = IMAGES * (1 + SEVERITIES.length) * 2;
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([total]));
    expect(progress.at(-1)!.done).toBe(total);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
  });

  it('resumes a run stopped after a checkpoint to the report of the uninterrupted run', async () => {
    const runDir = path.join(work, 'resumed');
    const units = (1 + SEVERITIES.length) * 2;
    let cancelled = false;
    const ctx: JobContext = {
      jobId: 'resumed',
      signal: new AbortController().signal,
      progress: (stage, done) => {
        // After the fourth image: wait out the checkpoint interval (the loop then saves one), and stop.
        if (stage === 'comparing' && done === 4 * units && !cancelled) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, CHECKPOINT_INTERVAL_MS + 100);
          cancelled = true;
        }
      },
      log: () => {},
      throwIfCancelled: () => {
        if (cancelled) throw new ParityError('CANCELLED', 'stopped by the test');
      },
    };
    const stopped = await compare('resumed', both(), ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect((stopped as ParityError).code).toBe('CANCELLED');
    expect(existsSync(path.join(runDir, 'report.json'))).toBe(false);
    const checkpoint = JSON.parse(readFileSync(path.join(runDir, CHECKPOINT_FILE), 'utf8')) as { entriesDone: number; further: Array<{ robustness: unknown }> };
    expect(checkpoint.entriesDone).toBe(4);
    expect(checkpoint.further).toHaveLength(1);
    expect(checkpoint.further[0]!.robustness).toMatchObject({ images: 4 });

    const resumed = await compare('resumed', { ...both(), resume: true });
    expect(existsSync(path.join(runDir, CHECKPOINT_FILE))).toBe(false);
    expect(comparable(resumed.report)).toEqual(comparable(multi.report));
  });
});
