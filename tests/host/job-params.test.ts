import { mkdtempSync, mkdirSync, promises as fs, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AllowedRoots } from '../../main/host/index.js';
import { pathStrings, prepareJobParams, withOutputDefaults } from '../../main/host/job-params.js';
import { ParityError } from '../../shared/errors.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'parity-params-'));
const dataDir = path.join(base, 'data');
const models = path.join(base, 'models');
mkdirSync(dataDir);
mkdirSync(models);
writeFileSync(path.join(models, 'a.onnx'), 'not really a model: the host does not read it');
afterAll(() => fs.rm(base, { recursive: true, force: true }));

const places = { dataDir, newRunDir: (slug: string) => path.join(dataDir, 'runs', `20260101-000000-${slug}`) };

async function rejection(promise: Promise<unknown>): Promise<ParityError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ParityError);
    return error as ParityError;
  }
  throw new Error('expected a rejection');
}

describe('withOutputDefaults', () => {
  it('gives a compare without runDir a run folder in the data folder, named after the models', () => {
    const filled = withOutputDefaults('compare', { reference: '/m/ref.onnx', candidate: '/m/ref.int8.onnx' }, places);
    expect(filled.runDir).toBe(path.join(dataDir, 'runs', '20260101-000000-ref-vs-int8'));
  });
  it('names the run after a served model when a side is an endpoint', () => {
    const filled = withOutputDefaults('compare', { reference: '/m/ref.onnx', candidate: '', candidateUrl: 'http://127.0.0.1:8080/v2/models/cls-ov' }, places);
    expect(filled.runDir).toBe(path.join(dataDir, 'runs', '20260101-000000-ref-vs-cls-ov'));
  });
  it('gives a convert without output a variant path in the data folder and keeps a chosen one', () => {
    expect(withOutputDefaults('convert', { model: '/m/cls.onnx', recipe: 'int8' }, places).output).toBe(
      path.join(dataDir, 'variants', 'cls', 'cls.int8.onnx'),
    );
    expect(withOutputDefaults('convert', { model: '/m/cls.onnx', recipe: 'int8', output: '/x/y.onnx' }, places).output).toBe('/x/y.onnx');
  });
  it('gives a drift check without runDir a run folder in the data folder, named after the field folder', () => {
    expect(withOutputDefaults('drift', { reference: '/d/val', field: '/d/week 18', runDir: null }, places).runDir).toBe(path.join(dataDir, 'runs', '20260101-000000-drift-week 18'));
    expect(withOutputDefaults('drift', { reference: '/d/val', field: '/d/w18', runDir: '/x/out' }, places).runDir).toBe('/x/out');
  });
  it('gives a perturb preview without output a PNG in the data folder', () => {
    const filled = withOutputDefaults('perturb', { image: '/i/line 1.png', perturbation: 'fog', severity: 3 }, places);
    expect(filled.output).toBe(path.join(dataDir, 'previews', 'line_1.fog-3-s0.png'));
  });
});

describe('pathStrings', () => {
  it('finds paths at any depth, and leaves plain words alone', () => {
    const found = pathStrings({ model: '/a/b.onnx', recipe: 'optimized', copies: { json: '/c/d.json' }, list: ['x', 'rel/ative'] });
    expect(found).toEqual([
      { at: 'model', value: '/a/b.onnx' },
      { at: 'copies.json', value: '/c/d.json' },
      { at: 'list[1]', value: 'rel/ative' },
    ]);
  });
  it('takes a serving endpoint for no path: the host reads no file through it', () => {
    expect(pathStrings({ reference: '/a/b.onnx', candidateUrl: 'https://ovms.example/v2/models/cls', referenceUrl: 'HTTP://10.0.0.1/v1/models/x' })).toEqual([{ at: 'reference', value: '/a/b.onnx' }]);
  });
});

describe('prepareJobParams', () => {
  it('passes parameters whose paths lie inside the roots, defaults filled in', async () => {
    const roots = new AllowedRoots();
    await roots.addFixed(dataDir);
    await roots.add(models);
    const params = (await prepareJobParams('inspect', { model: path.join(models, 'a.onnx') }, roots, places)) as { model: string };
    expect(params.model).toBe(path.join(models, 'a.onnx'));
  });

  it('refuses a path outside the roots, naming the field', async () => {
    const roots = new AllowedRoots();
    await roots.addFixed(dataDir);
    const error = await rejection(prepareJobParams('inspect', { model: path.join(models, 'a.onnx') }, roots, places));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.details?.reason).toBe('outside-roots');
    expect(error.message).toContain('model');
  });

  it('refuses an output that climbs out of the data folder with ..', async () => {
    const roots = new AllowedRoots();
    await roots.addFixed(dataDir);
    await roots.add(models);
    const error = await rejection(
      prepareJobParams('convert', { model: path.join(models, 'a.onnx'), recipe: 'optimized', output: `${dataDir}/../escaped.onnx` }, roots, places),
    );
    expect(error.details?.field).toBe('output');
  });

  it('takes node names with slashes (PyTorch exports) as names, not paths: keeping such a node in float works', async () => {
    const roots = new AllowedRoots();
    await roots.addFixed(dataDir);
    await roots.add(models);
    const params = (await prepareJobParams(
      'convert',
      { model: path.join(models, 'a.onnx'), recipe: 'int8-static', calib: models, excludeNodes: ['/features/0/Conv', '/classifier/Gemm'] },
      roots,
      places,
    )) as { excludeNodes: string[] };
    expect(params.excludeNodes).toEqual(['/features/0/Conv', '/classifier/Gemm']);
    // A path elsewhere in the same parameters is still checked.
    const error = await rejection(prepareJobParams('convert', { model: path.join(models, 'a.onnx'), recipe: 'int8-static', calib: '/etc', excludeNodes: ['/x/Conv'] }, roots, places));
    expect(error.details?.field).toBe('calib');
  });

  it('refuses relative paths', async () => {
    const roots = new AllowedRoots();
    await roots.addFixed(dataDir);
    const error = await rejection(prepareJobParams('inspect', { model: '../../etc/passwd' }, roots, places));
    expect(error.message).toContain('not a full path');
  });

  it('validates against the job schema before anything else, naming the field', async () => {
    const roots = new AllowedRoots();
    const error = await rejection(prepareJobParams('compare', { reference: '', candidate: 1 }, roots, places));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toMatch(/Invalid compare parameters \((reference|candidate|images)\)/);
    expect((await rejection(prepareJobParams('inspect', 'a string', roots, places))).message).toContain('must be an object');
  });
});

describe('paths into the desktop app archive', () => {
  it('are swapped for their unpacked twin, so that native libraries can open them', async () => {
    const app = path.join(base, 'resources');
    mkdirSync(path.join(app, 'app.asar', 'samples'), { recursive: true });
    mkdirSync(path.join(app, 'app.asar.unpacked', 'samples'), { recursive: true });
    writeFileSync(path.join(app, 'app.asar.unpacked', 'samples', 'cls.onnx'), 'unpacked copy');
    const roots = new AllowedRoots();
    await roots.add(app);
    await roots.addFixed(dataDir);
    const packed = path.join(app, 'app.asar', 'samples', 'cls.onnx');
    const params = (await prepareJobParams('inspect', { model: packed }, roots, places)) as { model: string };
    expect(params.model).toBe(path.join(app, 'app.asar.unpacked', 'samples', 'cls.onnx'));
    const notUnpacked = path.join(app, 'app.asar', 'samples', 'other.onnx');
    expect(((await prepareJobParams('inspect', { model: notUnpacked }, roots, places)) as { model: string }).model).toBe(notUnpacked);
  });
});
