import { describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import { GateSchema } from '../../../shared/report/report.js';
import type { SummaryMetrics } from '../../../shared/report/metrics.js';
import { evaluateGate, parseGateSpec } from '../../../main/engine/parity/gate.js';

/** A classifier's summary (dense keys null), as SummaryAccumulator produces it. */
const classifierSummary: SummaryMetrics = {
  images: 40,
  detection: null,
  positionAgreement: null,
  sequenceExactMatch: null,
  characterErrorRate: null,
  top1Agreement: 0.975,
  top5Overlap: 1,
  meanProbDiff: 0.004,
  maxProbDiff: 0.2,
  klDivergence: 0.001,
  jsDivergence: 0.0003,
  cosine: 0.999,
  confidenceDelta: -0.002,
  iou: null,
  dice: null,
  psnr: null,
  meanAbsDiff: 0.004,
  maxAbsDiff: 0.2,
  maxRelDiff: 3.5,
  errorP50: 0.001,
  errorP90: 0.003,
  errorP99: 0.05,
  errorP999: 0.15,
  allcloseRate: 0.1,
  nanCount: 0,
  infCount: 0,
  accuracy: { reference: 0.95, candidate: 0.925, delta: -0.025 },
};

function expectBadOption(spec: string, pattern: RegExp): void {
  try {
    parseGateSpec(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(ParityError);
    const e = error as ParityError;
    expect(e.code).toBe('BAD_OPTION');
    expect(`${e.message} ${e.hint ?? ''}`).toMatch(pattern);
    return;
  }
  throw new Error(`"${spec}" was accepted`);
}

describe('parseGateSpec', () => {
  it('reads = as "at least" for higher-is-better and "at most" for lower-is-better metrics', () => {
    expect(parseGateSpec('top1Agreement=0.99,maxAbsDiff=0.01,accuracy>=0.9')).toEqual([
      { metric: 'top1Agreement', bound: 'min', threshold: 0.99 },
      { metric: 'maxAbsDiff', bound: 'max', threshold: 0.01 },
      { metric: 'accuracy', bound: 'min', threshold: 0.9 },
    ]);
  });

  it('reads dotted detection figures: detection.map50=0.95 is a lower bound, detection.countDelta an upper one', () => {
    expect(parseGateSpec('detection.map50=0.95,Detection.CountDelta=0.5')).toEqual([
      { metric: 'detection.map50', bound: 'min', threshold: 0.95 },
      { metric: 'detection.countDelta', bound: 'max', threshold: 0.5 },
    ]);
    expectBadOption('detection.nope=1', /Unknown gate metric "detection.nope"/);
  });

  it('lets explicit >= and <= override the direction, with spaces, case and exponents', () => {
    expect(parseGateSpec(' klDivergence >= 1e-3 , COSINE<=.5, accuracyDelta=-0.01,')).toEqual([
      { metric: 'klDivergence', bound: 'min', threshold: 0.001 },
      { metric: 'cosine', bound: 'max', threshold: 0.5 },
      { metric: 'accuracyDelta', bound: 'min', threshold: -0.01 },
    ]);
    expect(parseGateSpec('')).toEqual([]);
  });

  it('rejects an unknown metric, listing the valid names', () => {
    expectBadOption('top1=0.9', /Unknown gate metric "top1".*top1Agreement.*accuracyDelta/);
  });

  it('rejects values that are not finite numbers and items without an operator', () => {
    expectBadOption('iou=abc', /needs a number/);
    expectBadOption('iou=', /needs a number/);
    expectBadOption('iou=99%', /needs a number/);
    expectBadOption('iou=Infinity', /needs a number/);
    expectBadOption('iou=0.5.1', /needs a number/);
    expectBadOption('iou>0.5', /not of the form/);
    expectBadOption('iou', /not of the form/);
  });
});

describe('evaluateGate', () => {
  it('passes when every criterion holds', () => {
    const gate = evaluateGate(classifierSummary, parseGateSpec('top1Agreement=0.97,maxAbsDiff<=0.2,images=40'));
    expect(gate).toEqual({ passed: true, criteria: parseGateSpec('top1Agreement=0.97,maxAbsDiff<=0.2,images=40'), failures: [] });
  });

  it('reports one readable failure per unmet criterion', () => {
    const gate = evaluateGate(classifierSummary, parseGateSpec('top1Agreement=0.99,maxAbsDiff=0.01,cosine=0.99,accuracy=0.95'));
    expect(gate.passed).toBe(false);
    expect(gate.failures).toEqual([
      { metric: 'top1Agreement', bound: 'min', threshold: 0.99, value: 0.975, message: 'top1Agreement 0.975 is below 0.99' },
      { metric: 'maxAbsDiff', bound: 'max', threshold: 0.01, value: 0.2, message: 'maxAbsDiff 0.2 is above 0.01' },
      { metric: 'accuracy', bound: 'min', threshold: 0.95, value: 0.925, message: 'accuracy 0.925 is below 0.95' },
    ]);
    expect(GateSchema.parse(gate)).toEqual(gate);
  });

  it('uses the candidate accuracy and the delta to the reference', () => {
    const gate = evaluateGate(classifierSummary, parseGateSpec('accuracyDelta=-0.01'));
    expect(gate.failures[0]?.message).toBe('accuracyDelta -0.025 is below -0.01');
  });

  it('fails a criterion on a metric that does not apply, saying so', () => {
    const gate = evaluateGate(classifierSummary, parseGateSpec('iou=0.9'));
    expect(gate.passed).toBe(false);
    expect(gate.failures[0]).toMatchObject({ value: null, message: 'iou does not apply: the model has no dense (map) output' });
    const unlabelled = evaluateGate({ ...classifierSummary, accuracy: null }, parseGateSpec('accuracy=0.9'));
    expect(unlabelled.failures[0]?.message).toBe('accuracy does not apply: no image has a label');
    const dense = { ...classifierSummary, top1Agreement: null, iou: 0.9 };
    expect(evaluateGate(dense, parseGateSpec('top1Agreement=0.9')).failures[0]?.message).toBe(
      'top1Agreement does not apply: the model has no classification output',
    );
  });

  it('treats a null PSNR on a dense model as identical maps (infinite PSNR)', () => {
    const identical = { ...classifierSummary, iou: 1, dice: 1, psnr: null };
    expect(evaluateGate(identical, parseGateSpec('psnr=40')).passed).toBe(true);
    expect(evaluateGate(identical, parseGateSpec('psnr<=40')).passed).toBe(false);
  });

  it('fails criteria naming an unknown metric (e.g. from a hand-written job file)', () => {
    const gate = evaluateGate(classifierSummary, [{ metric: 'speed', bound: 'min', threshold: 1 }]);
    expect(gate.failures[0]?.message).toMatch(/^speed is not a gate metric/);
  });

  it('compares at the boundary inclusively', () => {
    expect(evaluateGate(classifierSummary, parseGateSpec('top1Agreement=0.975,maxAbsDiff=0.2')).passed).toBe(true);
  });
});
