import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import {
  encodeToBytes,
  inspectModel,
  ModelProtoSchema,
  readModel,
  StringStringEntryProtoSchema,
  TensorProto_DataLocation,
  TensorProto_DataType,
  TensorProtoSchema,
  type ModelProto,
} from '../../../main/engine/onnx/index.js';
import { CLS_MODEL, floatTensor, graphAttribute, graphOf, modelOf, node, removeTempDirs, tempDir, tinyLinearModel, valueInfo } from './model-builders.js';

afterAll(removeTempDirs);

const F = TensorProto_DataType.FLOAT;

async function expectBadModel(file: string): Promise<ParityError> {
  const error: unknown = await readModel(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  const parity = error as ParityError;
  expect(parity.code).toBe('BAD_MODEL');
  expect(parity.message).not.toContain('\n');
  expect(parity.message.length).toBeGreaterThan(10);
  expect(parity.hint).toBeTruthy();
  return parity;
}

function writeBytes(bytes: Uint8Array, name = 'model.onnx'): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, bytes);
  return file;
}

const writeProto = (model: ModelProto, name?: string): string => writeBytes(encodeToBytes(ModelProtoSchema, model), name);

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

describe('readModel rejects files that are not ONNX models with BAD_MODEL', () => {
  it('random bytes', async () => {
    const bytes = new Uint8Array(4096);
    let s = 7;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    await expectBadModel(writeBytes(bytes));
  });

  it('an empty file, a folder and a missing file', async () => {
    await expectBadModel(writeBytes(new Uint8Array(0)));
    await expectBadModel(tempDir());
    await expectBadModel(path.join(tempDir(), 'nope.onnx'));
  });

  it('a JPEG, a PNG, a JSON file and a ZIP archive, naming what they are', async () => {
    const image = sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 10, b: 10 } } });
    const jpeg = await image.clone().jpeg().toBuffer();
    expect((await expectBadModel(writeBytes(jpeg, 'photo.onnx'))).message).toContain('JPEG');
    const png = await image.clone().png().toBuffer();
    expect((await expectBadModel(writeBytes(png, 'photo.onnx'))).message).toContain('PNG');
    const json = Buffer.from(JSON.stringify({ format: 'onnx', graph: { node: [] } }));
    expect((await expectBadModel(writeBytes(json, 'model.json'))).message).toContain('JSON');
    expect((await expectBadModel(writeBytes(Buffer.from('PK\x03\x04rest-of-a-zip'), 'model.pt'))).message).toContain('ZIP');
  });

  it('plain text that happens to decode as protobuf but holds no graph', async () => {
    await expectBadModel(writeBytes(Buffer.from('this is not a model, just some text\n')));
  });

  it('the real cls model truncated at many points', async () => {
    const bytes = readFileSync(CLS_MODEL);
    const cuts = [1, 2, 10, 100, 1000, 4096, bytes.length >> 2, bytes.length >> 1, bytes.length - 100, bytes.length - 10, bytes.length - 1];
    for (let i = 0; i < 10; i++) cuts.push(Math.floor(((i + 1) * bytes.length) / 11) + i * 7);
    const dir = tempDir();
    for (const cut of cuts) {
      const file = path.join(dir, `cut-${cut}.onnx`);
      writeFileSync(file, bytes.subarray(0, cut));
      await expectBadModel(file);
    }
  });

  it('graphs nested in attributes deeper than the limit, without overflowing the stack', async () => {
    // 40 levels of If-in-If built with the real schema: 3 message levels each.
    let inner = graphOf({ nodes: [node('Identity', ['x'], ['y'])], inputs: [], outputs: [valueInfo('y', F, [1])] });
    for (let i = 0; i < 40; i++) {
      inner = graphOf({
        nodes: [node('If', ['cond'], ['y'], [graphAttribute('then_branch', inner)])],
        inputs: [],
        outputs: [valueInfo('y', F, [1])],
      });
    }
    const model = tinyLinearModel();
    model.graph!.node.push(node('If', ['cond'], ['z'], [graphAttribute('then_branch', inner), graphAttribute('else_branch', inner)]));
    expect((await expectBadModel(writeProto(model))).message).toMatch(/nests messages deeper/);

    // 200,000 levels written directly in the wire format: Model.graph → Graph.node → Node.attribute → Attribute.g → …
    const levels = 200_000;
    const fieldTags = [0x0a /* GraphProto.node */, 0x2a /* NodeProto.attribute */, 0x32 /* AttributeProto.g */];
    const chunks: number[][] = [];
    let length = 0;
    for (let i = levels - 1; i >= 0; i--) {
      const prefix = [fieldTags[i % 3]!, ...varint(length)];
      chunks.push(prefix);
      length += prefix.length;
    }
    const head = [0x08, 0x08, 0x3a, ...varint(length)];
    const body = Uint8Array.from([...head, ...chunks.reverse().flat()]);
    const started = performance.now();
    await expectBadModel(writeBytes(body));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a file whose decoded structure would take gigabytes (millions of empty nodes)', async () => {
    const nodes = 8_000_000;
    const graph = new Uint8Array(2 * nodes);
    for (let i = 0; i < nodes; i++) graph[2 * i] = 0x0a;
    const head = Uint8Array.from([0x08, 0x08, 0x3a, ...varint(graph.length)]);
    const bytes = new Uint8Array(head.length + graph.length);
    bytes.set(head);
    bytes.set(graph, head.length);
    const heapBefore = process.memoryUsage().heapUsed;
    expect((await expectBadModel(writeBytes(bytes))).message).toMatch(/memory/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('a file over protobuf\'s 2 GiB limit is refused without being read', async () => {
    const file = path.join(tempDir(), 'huge.onnx');
    writeFileSync(file, Uint8Array.from([0x08, 0x08]));
    truncateSync(file, 2 ** 31 + 10); // sparse: takes no disk space
    expect((await expectBadModel(file)).message).toMatch(/2 GiB/);
  });

  it('tensors whose dims × dtype size exceed the bytes present', async () => {
    const model = tinyLinearModel(4, 3);
    model.graph!.initializer[0]!.dims = [400n, 300n];
    expect((await expectBadModel(writeProto(model))).message).toMatch(/needs 480000 bytes but holds 48/);
    const typed = tinyLinearModel(4, 3);
    typed.graph!.initializer[0] = create(TensorProtoSchema, { name: 'W', dims: [4n, 3n], dataType: F, floatData: [1, 2, 3] });
    expect((await expectBadModel(writeProto(typed))).message).toMatch(/needs 12 values but holds 3/);
    const constant = tinyLinearModel(4, 3);
    constant.graph!.node[0]!.attribute[0]!.t!.dims = [3n, 1000n];
    await expectBadModel(writeProto(constant));
  });

  it('absurd shapes (over 2^31 elements) and negative dims', async () => {
    const model = tinyLinearModel(4, 3);
    model.graph!.initializer[0]!.dims = [65536n, 65536n, 2n];
    expect((await expectBadModel(writeProto(model))).message).toMatch(/absurd shape/);
    const huge = tinyLinearModel(4, 3);
    huge.graph!.initializer[0]!.dims = [9_007_199_254_740_993n];
    await expectBadModel(writeProto(huge));
    const negative = tinyLinearModel(4, 3);
    negative.graph!.initializer[0]!.dims = [-4n, -3n];
    await expectBadModel(writeProto(negative));
  });

  it('unknown element types and string tensors stored as raw_data', async () => {
    const model = tinyLinearModel(4, 3);
    model.graph!.initializer[0]!.dataType = 99;
    await expectBadModel(writeProto(model));
    const strings = tinyLinearModel(4, 3);
    strings.graph!.initializer[0]!.dataType = TensorProto_DataType.STRING;
    await expectBadModel(writeProto(strings));
  });

  function externalModel(location: string, offset = 0, length = 48): ModelProto {
    const model = tinyLinearModel(4, 3);
    model.graph!.initializer[0] = create(TensorProtoSchema, {
      name: 'W',
      dims: [4n, 3n],
      dataType: F,
      dataLocation: TensorProto_DataLocation.EXTERNAL,
      externalData: [
        create(StringStringEntryProtoSchema, { key: 'location', value: location }),
        create(StringStringEntryProtoSchema, { key: 'offset', value: String(offset) }),
        create(StringStringEntryProtoSchema, { key: 'length', value: String(length) }),
      ],
    });
    return model;
  }

  it('external-data paths that escape the model folder: absolute, .., symlinks', async () => {
    const root = tempDir();
    const modelDir = path.join(root, 'model');
    mkdirSync(modelDir);
    const secret = path.join(root, 'secret.bin');
    writeFileSync(secret, new Uint8Array(4096));
    writeFileSync(path.join(modelDir, 'weights.bin'), new Uint8Array(4096));
    symlinkSync(secret, path.join(modelDir, 'link.bin'));
    mkdirSync(path.join(modelDir, 'sub'));
    writeFileSync(path.join(modelDir, 'sub', 'w.bin'), new Uint8Array(48));

    const save = (model: ModelProto, name: string): string => {
      const file = path.join(modelDir, name);
      writeFileSync(file, encodeToBytes(ModelProtoSchema, model));
      return file;
    };
    for (const location of [secret, '../secret.bin', 'sub/../../secret.bin', 'link.bin', 'C:\\Windows\\system.ini', '..\\secret.bin', '.', 'sub']) {
      expect((await expectBadModel(save(externalModel(location), 'bad.onnx'))).message).toMatch(/outside the model's folder|missing/);
    }
    // Missing file, and offsets/lengths past the end of the data.
    await expectBadModel(save(externalModel('nope.bin'), 'bad.onnx'));
    await expectBadModel(save(externalModel('weights.bin', 4090, 48), 'bad.onnx'));
    await expectBadModel(save(externalModel('weights.bin', 0, 40), 'bad.onnx'));
    await expectBadModel(save(externalModel('weights.bin', 0, Number.MAX_SAFE_INTEGER), 'bad.onnx'));
    // The same tensor pointing at a file inside the folder (or a subfolder) is fine.
    await expect(readModel(save(externalModel('weights.bin', 4096 - 48), 'good.onnx'))).resolves.toBeTruthy();
    await expect(readModel(save(externalModel('sub/w.bin'), 'good.onnx'))).resolves.toBeTruthy();
  });

  it('cyclic graphs and node inputs that nothing produces (structural check)', async () => {
    const cyclic = modelOf({
      nodes: [node('Add', ['x', 'c'], ['a']), node('Relu', ['a'], ['c']), node('Identity', ['a'], ['y'])],
      inputs: [valueInfo('x', F, [1])],
      outputs: [valueInfo('y', F, [1])],
    });
    expect((await expectBadModel(writeProto(cyclic))).message).toMatch(/cycle/);
    const dangling = tinyLinearModel();
    dangling.graph!.node[1]!.input[1] = 'W_missing';
    expect((await expectBadModel(writeProto(dangling))).message).toMatch(/W_missing/);
    // inspect goes through the same reader.
    await expect(inspectModel(writeProto(dangling))).rejects.toMatchObject({ code: 'BAD_MODEL' });
  });

  it('models with no ir_version or no opset for a used domain', async () => {
    const noIr = tinyLinearModel();
    noIr.irVersion = 0n;
    await expectBadModel(writeProto(noIr));
    const noOpset = tinyLinearModel();
    noOpset.opsetImport = [];
    expect((await expectBadModel(writeProto(noOpset))).message).toMatch(/opset/);
  });

  it('accepts the same models when they are sound', async () => {
    await expect(readModel(writeProto(tinyLinearModel()))).resolves.toBeTruthy();
    const withTensor = tinyLinearModel();
    withTensor.graph!.initializer.push(floatTensor('unused', [2, 2]));
    await expect(readModel(writeProto(withTensor))).resolves.toBeTruthy();
  });
});
