import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readModel,
  tensorBytes,
  tensorStorage,
  tensorToTypedArray,
  weightsOf,
  writeModel,
  type LoadedModel,
} from '../../../main/engine/onnx/index.js';
import { createCpuSession } from '../../../main/engine/infer/index.js';
import { CLS_MODEL, DET_MODEL, REC_MODEL, removeTempDirs, tempDir, tinyLinearModel } from './model-builders.js';

afterAll(removeTempDirs);

const SHAPES: Record<string, number[]> = {
  [CLS_MODEL]: [1, 3, 48, 192],
  [DET_MODEL]: [1, 3, 64, 96],
  [REC_MODEL]: [1, 3, 48, 80],
};

function seededInput(shape: number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 2 - 1;
  }
  return data;
}

async function runOnce(file: string, shape: number[]): Promise<Float32Array> {
  const session = await createCpuSession(file, { intraOpThreads: 0, optimizationLevel: 'all', quiet: true });
  try {
    const out = await session.run({ x: { dtype: 'float32', data: seededInput(shape), dims: shape } });
    return out[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

function expectSameWeights(a: LoadedModel, b: LoadedModel): void {
  const wa = weightsOf(a.proto);
  const wb = weightsOf(b.proto);
  expect(wb.map((w) => w.name)).toEqual(wa.map((w) => w.name));
  for (let i = 0; i < wa.length; i++) {
    expect(wb[i]!.dims).toEqual(wa[i]!.dims);
    expect(Buffer.from(tensorBytes(b, wb[i]!.tensor)).equals(Buffer.from(tensorBytes(a, wa[i]!.tensor)))).toBe(true);
  }
}

describe('read → write → read round trip', () => {
  for (const file of [CLS_MODEL, DET_MODEL, REC_MODEL]) {
    it(`${path.basename(file)}: identical tensors, identical bytes, identical ONNX Runtime outputs`, async () => {
      const original = await readModel(file);
      const out = path.join(tempDir(), 'copy.onnx');
      const result = await writeModel(original, out);
      expect(result.externalDataPath).toBeNull();
      expect(result.bytesWritten).toBe(statSync(out).size);
      const copy = await readModel(out);
      expectSameWeights(original, copy);
      // paddle2onnx files are canonical protobuf, so the streaming encoder reproduces them exactly.
      expect(readFileSync(out).equals(readFileSync(file))).toBe(true);
      const shape = SHAPES[file]!;
      const [expected, actual] = [await runOnce(file, shape), await runOnce(out, shape)];
      expect(actual.length).toBe(expected.length);
      expect(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
      expect(readdirSync(path.dirname(out))).toEqual(['copy.onnx']);
    });
  }

  it('keeps large tensors as views into the file buffer, not copies', async () => {
    const model = await readModel(REC_MODEL);
    const raw = weightsOf(model.proto).filter((w) => tensorStorage(w.tensor) === 'raw');
    expect(raw.length).toBeGreaterThan(300);
    for (const w of raw) expect(w.tensor.rawData.buffer).toBe(model.bytes.buffer);
    const largest = raw.reduce((a, b) => (a.byteLength > b.byteLength ? a : b));
    expect(largest.byteLength).toBeGreaterThan(1_000_000);
    // Aligned float data becomes a typed array over the same memory.
    const typed = tensorToTypedArray(model, largest.tensor);
    if (largest.tensor.rawData.byteOffset % 4 === 0) expect(typed.buffer).toBe(model.bytes.buffer);
    expect(typed.length).toBe(largest.elementCount);
  });
});

describe('external data', () => {
  it('writes tensors to <name>.data and reads them back on access; ONNX Runtime loads it with identical outputs', async () => {
    const original = await readModel(CLS_MODEL);
    const dir = tempDir();
    const out = path.join(dir, 'cls.onnx');
    const result = await writeModel(original, out, { externalData: true });
    expect(result.externalDataPath).toBe(`${out}.data`);
    const large = weightsOf(original.proto).filter((w) => w.byteLength >= 1024);
    expect(large.length).toBeGreaterThan(20);
    expect(result.externalTensors).toBe(large.length);
    expect(statSync(out).size).toBeLessThan(statSync(CLS_MODEL).size - large.reduce((s, w) => s + w.byteLength, 0) + 20_000);
    expect(statSync(`${out}.data`).size).toBe(result.externalDataBytes);
    expect(readdirSync(dir).sort()).toEqual(['cls.onnx', 'cls.onnx.data']);

    const back = await readModel(out);
    const external = weightsOf(back.proto).filter((w) => tensorStorage(w.tensor) === 'external');
    expect(external.length).toBe(result.externalTensors);
    for (const w of external) expect(w.tensor.externalData.find((e) => e.key === 'location')?.value).toBe('cls.onnx.data');
    expectSameWeights(original, back);

    const shape = SHAPES[CLS_MODEL]!;
    expect(Array.from(await runOnce(out, shape))).toEqual(Array.from(await runOnce(CLS_MODEL, shape)));

    // External back to inline reproduces the original file byte for byte.
    const inline = path.join(dir, 'inline.onnx');
    await writeModel(back, inline);
    expect(readFileSync(inline).equals(readFileSync(CLS_MODEL))).toBe(true);
  });

  it('switches to external data by itself when the inline file would be too large', async () => {
    // The real trigger is protobuf's 2 GiB limit; a lower ceiling exercises the same path on a small model.
    const original = await readModel(CLS_MODEL);
    const out = path.join(tempDir(), 'cls.onnx');
    const result = await writeModel(original, out, { maxInlineBytes: 100_000 });
    expect(result.externalDataPath).toBe(`${out}.data`);
    expect(result.externalTensors).toBeGreaterThan(0);
    expectSameWeights(original, await readModel(out));
    const small = await writeModel(original, path.join(tempDir(), 'cls.onnx'), { maxInlineBytes: 10_000_000 });
    expect(small.externalDataPath).toBeNull();
  });

  it('keeps tensors under the threshold inline', async () => {
    const original = await readModel(CLS_MODEL);
    const out = path.join(tempDir(), 'cls.onnx');
    const result = await writeModel(original, out, { externalData: true, externalDataThreshold: 100_000 });
    const back = await readModel(out);
    const weights = weightsOf(back.proto);
    const external = weights.filter((w) => tensorStorage(w.tensor) === 'external');
    expect(external.length).toBe(result.externalTensors);
    expect(external.every((w) => w.byteLength >= 100_000)).toBe(true);
    expect(weights.filter((w) => tensorStorage(w.tensor) !== 'external').every((w) => w.byteLength < 100_000)).toBe(true);
  });

  it('a model built in code round-trips through external data and computes x·W + b in ONNX Runtime', async () => {
    const proto = tinyLinearModel(4, 3);
    const out = path.join(tempDir(), 'linear.onnx');
    await writeModel(proto, out, { externalData: true, externalDataThreshold: 0 });
    const model = await readModel(out);
    const w = tensorToTypedArray(model, model.proto.graph!.initializer[0]!) as Float32Array;
    expect(tensorStorage(model.proto.graph!.initializer[0]!)).toBe('external');
    const b = Float32Array.from({ length: 3 }, (_, i) => Math.sin(i + 1));
    const x = Float32Array.from([1, -2, 0.5, 3]);
    const session = await createCpuSession(out, { intraOpThreads: 0, optimizationLevel: 'all' });
    const y = (await session.run({ x: { dtype: 'float32', data: x, dims: [1, 4] } }))['y']!.data as Float32Array;
    await session.release();
    for (let j = 0; j < 3; j++) {
      let sum = b[j]!;
      for (let i = 0; i < 4; i++) sum += x[i]! * w[i * 3 + j]!;
      expect(y[j]).toBeCloseTo(sum, 5);
    }
  });
});

describe('atomic writes', () => {
  it('leaves nothing behind when the destination cannot be written', async () => {
    const model = await readModel(CLS_MODEL);
    const dir = tempDir();
    mkdirSync(path.join(dir, 'taken.onnx'));
    await expect(writeModel(model, path.join(dir, 'taken.onnx'))).rejects.toMatchObject({ code: 'IO_ERROR' });
    await expect(writeModel(model, path.join(dir, 'taken.onnx'), { externalData: true })).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(readdirSync(dir)).toEqual(['taken.onnx']);
    expect(readdirSync(path.join(dir, 'taken.onnx'))).toEqual([]);
    await expect(writeModel(model, path.join(dir, 'missing', 'x.onnx'))).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('replaces an existing file only once the new one is complete', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'm.onnx');
    await writeModel(tinyLinearModel(2, 2), out);
    const before = readFileSync(out);
    await writeModel(await readModel(CLS_MODEL), out);
    expect(readFileSync(out).equals(before)).toBe(false);
    expect(readFileSync(out).equals(readFileSync(CLS_MODEL))).toBe(true);
    expect(readdirSync(dir)).toEqual(['m.onnx']);
  });
});
