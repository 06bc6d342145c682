import { describe, expect, it } from 'vitest';
import { CompareParamsSchema, MAX_CANDIDATES } from '../../shared/contract/jobs/compare.js';
import { candidateRuns, compareParams, parseConcurrency, type RunForm } from '../../renderer/src/screens/run/compare-params.js';
import { concreteInputShape } from '../../renderer/src/state/input-shape.js';
import { EMPTY_PROJECT, loadProject, preprocessParam, saveProject } from '../../renderer/src/state/project.js';

const form: RunForm = {
  reference: '/m/ref.onnx',
  candidates: ['/m/cand.onnx'],
  images: '/data/images',
  labels: '/data/labels.txt',
  preprocess: { width: 192, height: 48 },
  postprocess: null,
  perturbations: ['fog', 'occlusion_patch'],
  severities: [1, 3, 5],
  seed: 7,
  maxImages: 40,
  topK: 5,
  threads: null,
  minAgreement: 0.99,
  bench: true,
};

describe('compare parameters from the Run form', () => {
  it('are accepted by the engine contract once the host adds the run folder', () => {
    const parsed = CompareParamsSchema.parse({ ...compareParams(form), runDir: '/data/runs/x' });
    expect(parsed.gate).toEqual([{ metric: 'top1Agreement', bound: 'min', threshold: 0.99 }]);
    expect(parsed.maxImages).toBe(40);
  });

  it('carry the perturbations, their severities and the seed', () => {
    const parsed = CompareParamsSchema.parse({ ...compareParams(form), runDir: '/r' });
    expect(parsed.perturb).toEqual(['fog', 'occlusion_patch']);
    expect(parsed.severities).toEqual([1, 3, 5]);
    expect(parsed.seed).toBe(7);
    expect(parsed.bench).toBe(true);
  });

  it('carry a detector’s post-processing spec and gate its minimum agreement on mAP@0.5', () => {
    const parsed = CompareParamsSchema.parse({ ...compareParams({ ...form, postprocess: { kind: 'yolo', grid: true, scoreThreshold: 0.3 } }), runDir: '/r' });
    expect(parsed.postprocess).toEqual({ kind: 'yolo', grid: true, scoreThreshold: 0.3 });
    expect(parsed.gate).toEqual([{ metric: 'detection.map50', bound: 'min', threshold: 0.99 }]);
  });

  it('carry a served candidate and the serving pass\'s clients', () => {
    const parsed = CompareParamsSchema.parse({ ...compareParams({ ...form, candidates: [], candidateUrl: 'http://127.0.0.1:8080/v2/models/cls', concurrency: [1, 8] }), runDir: '/r' });
    expect(parsed.candidate).toBe('');
    expect(parsed.candidateUrl).toBe('http://127.0.0.1:8080/v2/models/cls');
    expect(parsed.concurrency).toEqual([1, 8]);
    const plain = compareParams(form) as Record<string, unknown>;
    expect(plain.candidateUrl).toBeUndefined();
    expect(plain.concurrency).toBeUndefined();
  });

  it('read the clients of the serving pass, and say what is wrong with a bad list', () => {
    expect(parseConcurrency('1, 8')).toEqual([1, 8]);
    expect(parseConcurrency('  ')).toBeNull();
    expect(parseConcurrency('1,x')).toMatch(/whole numbers of clients from 1 to 256/);
    expect(parseConcurrency('0')).toMatch(/from 1/);
    expect(parseConcurrency('4,4')).toMatch(/listed twice/);
  });

  it('send no perturbation field for a clean run', () => {
    const params = compareParams({ ...form, perturbations: [] }) as Record<string, unknown>;
    expect(params.perturb).toBeUndefined();
    expect(params.perturbations).toBeUndefined();
    expect(CompareParamsSchema.parse({ ...params, runDir: '/r' })).toBeTruthy();
  });
});

describe('project helpers', () => {
  it('derive a concrete input shape from the spec where the model leaves dims open', () => {
    const x = { name: 'x', dtype: 'float32', shape: ['N', 3, 'H', 'W'] };
    expect(concreteInputShape(x, { width: 192, height: 48 })).toEqual([1, 3, 48, 192]);
    expect(concreteInputShape(x, { width: 192 })).toBeNull();
    expect(concreteInputShape({ ...x, shape: [1, 224, 224, 3] }, {})).toEqual([1, 224, 224, 3]);
    expect(concreteInputShape({ ...x, shape: null }, { width: 1, height: 1 })).toBeNull();
  });

  it('save and load the project, refusing what is not a project', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const project = { ...EMPTY_PROJECT, model: '/m.onnx', preprocess: { width: 10, height: 10 } };
    saveProject(storage, project);
    expect(loadProject(storage)).toEqual(project);
    store.set([...store.keys()][0]!, '{"model": 3}');
    expect(loadProject(storage)).toEqual(EMPTY_PROJECT);
    expect(preprocessParam({})).toBeNull();
    expect(preprocessParam({ width: 3 })).toEqual({ width: 3 });
  });

  it('put every ticked candidate side by side in one run, clean or under perturbations', () => {
    const chosen = ['/m/a.onnx', '/m/b.onnx', '/m/c.onnx'];
    const runs = candidateRuns(chosen);
    expect(runs).toEqual([chosen]);
    for (const perturbations of [[], form.perturbations]) {
      const parsed = CompareParamsSchema.parse({ ...compareParams({ ...form, perturbations, candidates: runs[0]! }), runDir: '/r' });
      expect(parsed.candidate).toBe('/m/a.onnx');
      expect(parsed.moreCandidates.map((c) => c.candidate)).toEqual(['/m/b.onnx', '/m/c.onnx']);
      expect(parsed.perturb).toEqual(perturbations);
    }
    expect(candidateRuns([])).toEqual([]);
  });

  it('split more ticked candidates than a run takes into runs of at most MAX_CANDIDATES', () => {
    const chosen = Array.from({ length: MAX_CANDIDATES + 2 }, (_, i) => `/m/${i}.onnx`);
    const runs = candidateRuns(chosen);
    expect(runs.map((r) => r.length)).toEqual([MAX_CANDIDATES, 2]);
    expect(runs.flat()).toEqual(chosen);
    for (const group of runs) expect(() => CompareParamsSchema.parse({ ...compareParams({ ...form, candidates: group }), runDir: '/r' })).not.toThrow();
  });
});
