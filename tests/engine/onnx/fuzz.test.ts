import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import {
  AttributeProtoSchema,
  checkModelStructure,
  encodeToBytes,
  GraphProtoSchema,
  inspectLoadedModel,
  inspectModel,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  parseModel,
  readModel,
  StringStringEntryProtoSchema,
  TensorProtoSchema,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from '../../../main/engine/onnx/index.js';
import { CLS_MODEL, floatTensor, modelOf, node, tempDir, tensorAttribute, valueInfo } from './model-builders.js';

const CASE_LIMIT_MS = 2000;
const dir = tempDir('parity-onnx-fuzz-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let slowest = 0;
const outcomes = { mutated: { accepted: 0, rejected: 0 }, generated: { accepted: 0, rejected: 0, withFlops: 0 } };

/** Runs the whole reader pipeline on bytes; passes when it succeeds or throws ParityError, in bounded time. */
async function exercise(bytes: Uint8Array, viaFile: boolean, tally: { accepted: number; rejected: number; withFlops?: number }): Promise<void> {
  const started = performance.now();
  try {
    if (viaFile) {
      const file = path.join(dir, 'case.onnx');
      writeFileSync(file, bytes);
      const model = await readModel(file);
      checkModelStructure(model.proto);
      await inspectModel(file);
    } else {
      const model = parseModel(bytes, { dir });
      checkModelStructure(model.proto);
      const info = await inspectLoadedModel(model);
      if (info.flops !== null && tally.withFlops !== undefined) tally.withFlops++;
    }
    tally.accepted++;
  } catch (error) {
    if (!(error instanceof ParityError)) throw error;
    expect(error.message).not.toContain('\n');
    tally.rejected++;
  }
  const elapsed = performance.now() - started;
  slowest = Math.max(slowest, elapsed);
  expect(elapsed).toBeLessThan(CASE_LIMIT_MS);
}

const clsBytes = new Uint8Array(readFileSync(CLS_MODEL));

type Mutation =
  | { kind: 'set'; edits: Array<{ pos: number; value: number }> }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number };

// Half the positions anywhere, half in the first few KB where the graph's structure (not tensor data) is dense.
const position = fc.oneof(fc.nat({ max: clsBytes.length - 1 }), fc.nat({ max: 4096 }));
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    edits: fc.array(fc.record({ pos: position, value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('splice' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 48 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
);

function mutate(m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'set': {
      const out = clsBytes.slice();
      for (const e of m.edits) out[e.pos] = e.value;
      return out;
    }
    case 'truncate':
      return clsBytes.slice(0, m.at);
    case 'splice': {
      const out = new Uint8Array(clsBytes.length + m.bytes.length);
      out.set(clsBytes.subarray(0, m.at));
      out.set(m.bytes, m.at);
      out.set(clsBytes.subarray(m.at), m.at + m.bytes.length);
      return out;
    }
    case 'delete': {
      const out = new Uint8Array(clsBytes.length - Math.min(m.length, clsBytes.length - m.at));
      out.set(clsBytes.subarray(0, m.at));
      out.set(clsBytes.subarray(m.at + m.length), m.at);
      return out;
    }
  }
}

// Random ModelProto messages from a small vocabulary, so that some are sound, some nearly so, most broken.
const names = fc.constantFrom('x', 'y', 'a', 'b', 'c', 'W', 'B', '', 'cond');
const dimArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 6 }).map(BigInt) },
  { weight: 1, arbitrary: fc.constantFrom(-1n, 1n << 33n, 1n << 62n, -(1n << 63n)) },
);
const tensorArb = fc
  .record({
    name: names,
    dims: fc.array(dimArb, { maxLength: 4 }),
    dataType: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(1, 6, 7, 10) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) }),
    storage: fc.constantFrom('raw', 'float', 'int64', 'external', 'none'),
    raw: fc.uint8Array({ maxLength: 96 }),
    floats: fc.array(fc.float(), { maxLength: 24 }),
    location: fc.constantFrom('w.bin', '../w.bin', '/etc/hostname', 'nope.bin', ''),
  })
  .map((t) =>
    create(TensorProtoSchema, {
      name: t.name,
      dims: t.dims,
      dataType: t.dataType,
      ...(t.storage === 'raw' ? { rawData: t.raw } : {}),
      ...(t.storage === 'float' ? { floatData: t.floats } : {}),
      ...(t.storage === 'int64' ? { int64Data: t.floats.map((f) => BigInt(Math.trunc(Number.isFinite(f) ? f : 0))) } : {}),
      ...(t.storage === 'external'
        ? {
            dataLocation: 1,
            externalData: [create(StringStringEntryProtoSchema, { key: 'location', value: t.location }), create(StringStringEntryProtoSchema, { key: 'length', value: String(t.raw.length) })],
          }
        : {}),
    }),
  );
const nodeArb = fc
  .record({
    opType: fc.constantFrom('Add', 'Relu', 'MatMul', 'Conv', 'Gemm', 'Constant', 'Identity', 'If', ''),
    domain: fc.constantFrom('', '', '', 'ai.onnx', 'com.example'),
    inputs: fc.array(names, { maxLength: 3 }),
    outputs: fc.array(names, { minLength: 1, maxLength: 2 }),
    value: fc.option(tensorArb, { nil: undefined }),
  })
  .map((n) =>
    create(NodeProtoSchema, {
      opType: n.opType,
      domain: n.domain,
      input: n.inputs,
      output: n.outputs,
      attribute: n.value === undefined ? [] : [create(AttributeProtoSchema, { name: 'value', type: 4, t: n.value })],
    }),
  );
const shapeArb = fc.option(fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constantFrom('N', 'H')), { maxLength: 3 }), { nil: null });
const modelArb: fc.Arbitrary<ModelProto> = fc
  .record({
    irVersion: fc.integer({ min: 0, max: 12 }),
    opsets: fc.array(fc.record({ domain: fc.constantFrom('', 'ai.onnx', 'com.example'), version: fc.integer({ min: 1, max: 21 }) }), { maxLength: 2 }),
    nodes: fc.array(nodeArb, { maxLength: 6 }),
    inputs: fc.array(fc.record({ name: names, elemType: fc.constantFrom(1, 7, 0, 99), shape: shapeArb }), { maxLength: 3 }),
    outputs: fc.array(fc.record({ name: names, elemType: fc.constantFrom(1, 7, 0), shape: shapeArb }), { maxLength: 2 }),
    initializers: fc.array(tensorArb, { maxLength: 3 }),
  })
  .map((m) =>
    create(ModelProtoSchema, {
      irVersion: BigInt(m.irVersion),
      opsetImport: m.opsets.map((o) => create(OperatorSetIdProtoSchema, { domain: o.domain, version: BigInt(o.version) })),
      graph: create(GraphProtoSchema, {
        name: 'fuzz',
        node: m.nodes,
        input: m.inputs.map((i) => valueInfo(i.name, i.elemType, i.shape)),
        output: m.outputs.map((o) => valueInfo(o.name, o.elemType, o.shape)),
        initializer: m.initializers,
      }),
    }),
  );

// Mostly sound chains (x → MatMul/Add/Relu … → y, weights in initializers or Constants), some then damaged.
const chainArb: fc.Arbitrary<ModelProto> = fc
  .record({
    batch: fc.integer({ min: 1, max: 4 }),
    width: fc.integer({ min: 1, max: 8 }),
    symbolic: fc.boolean(),
    layers: fc.array(fc.record({ op: fc.constantFrom('MatMul', 'Add', 'Relu'), out: fc.integer({ min: 1, max: 8 }), constant: fc.boolean() }), {
      minLength: 1,
      maxLength: 5,
    }),
    damage: fc.option(fc.record({ kind: fc.constantFrom('drop', 'rename', 'cycle', 'dims'), at: fc.nat() }), { nil: undefined, freq: 3 }),
  })
  .map((c) => {
    const nodes: NodeProto[] = [];
    const initializers: TensorProto[] = [];
    let current = 'x';
    let width = c.width;
    c.layers.forEach((layer, i) => {
      const out = i === c.layers.length - 1 ? 'y' : `h${i}`;
      if (layer.op === 'Relu') nodes.push(node('Relu', [current], [out]));
      else {
        const dims = layer.op === 'MatMul' ? [width, layer.out] : [width];
        const weight = floatTensor(`w${i}`, dims);
        if (layer.constant) nodes.push(node('Constant', [], [`w${i}`], [tensorAttribute('value', weight)]));
        else initializers.push(weight);
        nodes.push(node(layer.op, [current, `w${i}`], [out]));
        if (layer.op === 'MatMul') width = layer.out;
      }
      current = out;
    });
    const model = modelOf({
      nodes,
      inputs: [valueInfo('x', 1, [c.symbolic ? 'N' : c.batch, c.width])],
      outputs: [valueInfo('y', 1, [c.symbolic ? 'N' : c.batch, width])],
      initializers,
    });
    const d = c.damage;
    const g = model.graph!;
    if (d !== undefined && g.node.length > 0) {
      const victim = g.node[d.at % g.node.length]!;
      if (d.kind === 'drop') g.node.splice(d.at % g.node.length, 1);
      else if (d.kind === 'rename') victim.input[0] = 'renamed';
      else if (d.kind === 'cycle') victim.input[0] = 'y';
      else if (initializers.length > 0) initializers[d.at % initializers.length]!.dims.push(2n);
    }
    return model;
  });

describe('fuzzing the reader, the structural check and inspect', () => {
  writeFileSync(path.join(dir, 'w.bin'), new Uint8Array(96));

  it('survives 3,500 mutations of the real cls model', async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(mutationArb, async (m) => {
        await exercise(mutate(m), count++ % 50 === 0, outcomes.mutated);
      }),
      { numRuns: 3500, seed: 20240601 },
    );
    expect(count).toBeGreaterThanOrEqual(3500);
  }, 120_000);

  it('survives 1,500 generated ModelProto messages (random and chain-shaped), some with flipped bytes', async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(modelArb, chainArb), fc.array(fc.record({ pos: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 3 }), async (model, flips) => {
        const bytes = encodeToBytes(ModelProtoSchema, model);
        // Flip bytes in a third of the cases only, so that sound models also reach inspect intact.
        if (flips.length === 3) for (const f of flips) if (bytes.length > 0) bytes[f.pos % bytes.length] = f.value;
        await exercise(bytes, count++ % 25 === 0, outcomes.generated);
      }),
      { numRuns: 1500, seed: 777 },
    );
    expect(count).toBeGreaterThanOrEqual(1500);
  }, 120_000);

  it('exercised both outcomes and stayed within the per-case bound', () => {
    // Both accepted and rejected inputs occur, so neither path is dead; slowest case is reported for the log.
    console.log(`fuzz: ${JSON.stringify(outcomes)}, slowest case ${slowest.toFixed(0)} ms`);
    expect(outcomes.mutated.accepted).toBeGreaterThan(50);
    expect(outcomes.mutated.rejected).toBeGreaterThan(500);
    expect(outcomes.generated.accepted).toBeGreaterThan(200);
    expect(outcomes.generated.withFlops).toBeGreaterThan(50);
    expect(outcomes.generated.rejected).toBeGreaterThan(200);
    expect(slowest).toBeLessThan(CASE_LIMIT_MS);
  });
});
