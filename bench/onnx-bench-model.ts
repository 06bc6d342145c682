/** A large float32 MatMul chain built in code, for the ONNX benchmarks (no model file is shipped for them). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  tensorValueInfo,
  writeModel,
  type ModelProto,
  type ValueInfoProto,
} from '../main/engine/onnx/index.js';

const WIDTH = 1024;

function io(name: string): ValueInfoProto {
  return tensorValueInfo(name, TensorProto_DataType.FLOAT, ['batch', WIDTH]);
}

/** A model whose initializers total at least `megabytes` MB: a chain of 1024×1024 float32 MatMuls. */
export function buildLargeModel(megabytes: number): ModelProto {
  const layers = Math.ceil((megabytes * 1024 * 1024) / (WIDTH * WIDTH * 4));
  const nodes = [];
  const initializers = [];
  let previous = 'x';
  for (let i = 0; i < layers; i++) {
    const data = new Float32Array(WIDTH * WIDTH);
    for (let j = 0; j < data.length; j++) data[j] = ((((j + i) * 2654435761) >>> 0) % 2001) / 1000 / WIDTH - 1 / WIDTH;
    initializers.push(
      create(TensorProtoSchema, {
        name: `W${i}`,
        dims: [BigInt(WIDTH), BigInt(WIDTH)],
        dataType: TensorProto_DataType.FLOAT,
        rawData: new Uint8Array(data.buffer),
      }),
    );
    const output = i === layers - 1 ? 'y' : `h${i}`;
    nodes.push(create(NodeProtoSchema, { name: `matmul_${i}`, opType: 'MatMul', input: [previous, `W${i}`], output: [output] }));
    previous = output;
  }
  return create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'parity-bench',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 13n })],
    graph: create(GraphProtoSchema, { name: 'bench', node: nodes, input: [io('x')], output: [io('y')], initializer: initializers }),
  });
}

/** Writes the large model to a fresh temporary folder and returns its path. */
export async function writeLargeModel(megabytes: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-onnx-bench-'));
  const file = path.join(dir, 'large.onnx');
  await writeModel(buildLargeModel(megabytes), file);
  return file;
}

export const MB = 1024 * 1024;

/**
 * Peak resident set size of this process so far, in bytes. On Linux this reads VmHWM: getrusage's maxRSS survives
 * exec, so a child spawned by a big parent would report the parent's peak.
 */
export function peakRssBytes(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through to getrusage.
  }
  return process.resourceUsage().maxRSS * 1024;
}
