/** The Drift screen links the newest compare run with perturbations of the chosen model (and candidate). */
import { describe, expect, it } from 'vitest';
import type { RunListing } from '../../shared/contract/host-api.js';
import { robustnessRunsFor } from '../../renderer/src/screens/drift/robustness-run.js';

const run = (runId: string, createdAt: string, candidate: string, hasPerturbations: boolean, reference = '/m/model.onnx'): RunListing => ({
  runId,
  runDir: `/runs/${runId}`,
  createdAt,
  reference,
  candidate,
  images: 10,
  top1Agreement: 0.9,
  gatePassed: null,
  hasPerturbations,
});

describe('robustnessRunsFor', () => {
  const runs = [
    run('old', '2026-11-01T00:00:00Z', '/m/model.int8.onnx', true),
    run('clean', '2026-11-05T00:00:00Z', '/m/model.int8.onnx', false),
    run('fp16', '2026-11-06T00:00:00Z', '/m/model.fp16.onnx', true),
    run('other-model', '2026-11-07T00:00:00Z', '/m/model.int8.onnx', true, '/m/other.onnx'),
    run('new', '2026-11-03T00:00:00Z', '/m/model.int8.onnx', true),
  ];

  it('keeps runs with perturbations of the same model and candidate, newest first', () => {
    expect(robustnessRunsFor(runs, '/m/model.onnx', '/m/model.int8.onnx').map((r) => r.runId)).toEqual(['new', 'old']);
    expect(robustnessRunsFor(runs, '/m/model.onnx', null).map((r) => r.runId)).toEqual(['fp16', 'new', 'old']);
  });

  it('has nothing without a model or a run list', () => {
    expect(robustnessRunsFor(runs, null, null)).toEqual([]);
    expect(robustnessRunsFor(null, '/m/model.onnx', null)).toEqual([]);
  });
});
