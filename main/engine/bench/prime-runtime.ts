/**
 * ONNX Runtime initialises its environment and CPU kernel registry with the first session a process creates. A
 * benchmark primes it with a tiny in-memory model first, so that the first model benched does not pay that cost in
 * its session-creation time and memory while the others do not.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { createCpuSession } from '../infer/index.js';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  tensorValueInfo,
} from '../onnx/index.js';

let primed = false;

/** y = Relu(x · W), x [1, 4]: a Conv-free model that still goes through session creation, optimisation and a run. */
function tinyModelBytes(): Uint8Array {
  const weights = new Float32Array(16).map((_, i) => (i % 5 === 0 ? 1 : 0));
  const graph = create(GraphProtoSchema, {
    name: 'prime',
    node: [
      create(NodeProtoSchema, { opType: 'MatMul', input: ['x', 'W'], output: ['xw'], name: 'matmul' }),
      create(NodeProtoSchema, { opType: 'Relu', input: ['xw'], output: ['y'], name: 'relu' }),
    ],
    input: [tensorValueInfo('x', TensorProto_DataType.FLOAT, [1, 4])],
    output: [tensorValueInfo('y', TensorProto_DataType.FLOAT, [1, 4])],
    initializer: [
      create(TensorProtoSchema, { name: 'W', dims: [4n, 4n], dataType: TensorProto_DataType.FLOAT, rawData: new Uint8Array(weights.buffer) }),
    ],
  });
  const model = create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'parity',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 13n })],
    graph,
  });
  return toBinary(ModelProtoSchema, model);
}

/** Creates, runs and releases one tiny session, once per process. */
export async function primeRuntime(): Promise<void> {
  if (primed) return;
  const session = await createCpuSession(tinyModelBytes(), { optimizationLevel: 'all', intraOpThreads: 1 });
  try {
    await session.run({ x: { dtype: 'float32', data: new Float32Array([1, 2, 3, 4]), dims: [1, 4] } });
  } finally {
    await session.release();
  }
  primed = true;
}
