/**
 * The int8-dynamic rewrite, in standard ONNX (opset 13): for MatMul and Gemm with a constant weight,
 * DynamicQuantizeLinear(x) → MatMulInteger(x_q, W_q, x_zp, W_zp) → Cast(float) → Mul(x_scale × W_scale) (+ bias).
 * ONNX Runtime fuses that chain into its DynamicQuantizeMatMul / MatMulIntegerToFloat kernels at level 'extended'.
 * Convolutions stay in float: the ConvInteger form has no optimised CPU kernel in ONNX Runtime (it is slower
 * than the float Conv), so int8-static is the recipe for convolutional models.
 */
import { tensorToTypedArray, TensorProto_DataType as DataType, type TensorOrigin } from '../onnx/index.js';
import type { GraphEdit} from './graph-edit.js';
import { floatTensor, intAttr, makeTensor, QUANT_TYPE } from './graph-edit.js';
import { attrFloat, attrInt } from './graph-edit.js';
import { quantizeWeights, type QuantType } from './quant-params.js';
import type { Exclusion, WeightedNode } from './weighted-nodes.js';

export const DYNAMIC_OPS: ReadonlySet<string> = new Set(['MatMul', 'Gemm', 'Conv', 'ConvTranspose']);

export const CONV_INTEGER_REASON =
  "int8-dynamic keeps convolutions in float: ONNX Runtime's ConvInteger CPU kernel is unoptimised and slower than its float Conv; use int8-static for convolutions";

export interface DynamicSettings {
  perChannel: boolean;
  reduceRange: boolean;
  weightType: QuantType;
}

export interface DynamicResult {
  quantized: string[];
  excluded: Exclusion[];
}

/** [K, N] row-major transpose of an [N, K] matrix. */
function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

/** Rewrites the selected MatMul/Gemm nodes in place; convolutions are reported as excluded. */
export function applyDynamic(edit: GraphEdit, origin: TensorOrigin, nodes: readonly WeightedNode[], settings: DynamicSettings): DynamicResult {
  const quantized: string[] = [];
  const excluded: Exclusion[] = [];
  const dynamicInputs = new Map<string, [string, string, string]>();
  const graph = edit.graph;

  for (const n of nodes) {
    const op = n.node.opType;
    if (op === 'Conv' || op === 'ConvTranspose') {
      excluded.push({ name: n.label, reason: CONV_INTEGER_REASON });
      continue;
    }
    let values = tensorToTypedArray(origin, n.weight) as Float32Array;
    let dims = n.weight.dims.map(Number);
    if (op === 'Gemm' && attrInt(n.node, 'transB', 0) === 1) {
      values = transpose(values, dims[0]!, dims[1]!);
      dims = [dims[1]!, dims[0]!];
    }
    const axis = settings.perChannel ? 1 : null;
    const q = quantizeWeights(values, dims, axis, settings.weightType, settings.reduceRange);
    const alpha = op === 'Gemm' ? attrFloat(n.node, 'alpha', 1) : 1;
    const beta = op === 'Gemm' ? attrFloat(n.node, 'beta', 1) : 1;
    const scales = q.scales.map((s) => Math.fround(s * alpha));
    const shape = axis === null ? [] : [dims[1]!];

    let dyn = dynamicInputs.get(n.activation);
    if (dyn === undefined) {
      dyn = [edit.unique(`${n.activation}_quantized`), edit.unique(`${n.activation}_scale`), edit.unique(`${n.activation}_zero_point`)];
      edit.addNode('DynamicQuantizeLinear', [n.activation], [...dyn]);
      dynamicInputs.set(n.activation, dyn);
    }
    const wq = edit.unique(`${n.weight.name}_quantized`);
    const ws = edit.unique(`${n.weight.name}_scale`);
    const wz = edit.unique(`${n.weight.name}_zero_point`);
    edit.addInitializer(makeTensor(wq, QUANT_TYPE[settings.weightType], dims, q.values));
    edit.addInitializer(floatTensor(ws, shape, scales));
    edit.addInitializer(makeTensor(wz, QUANT_TYPE[settings.weightType], shape, q.zeroPoints));

    const y = n.node.output[0]!;
    const base = n.node.name !== '' ? n.node.name : y;
    const integer = edit.unique(`${base}_integer`);
    const asFloat = edit.unique(`${base}_float`);
    const scale = edit.unique(`${base}_output_scale`);
    const hasBias = op === 'Gemm' && (n.node.input[2] ?? '') !== '';
    const scaled = hasBias ? edit.unique(`${base}_scaled`) : y;
    edit.addNode('MatMulInteger', [dyn[0], wq, dyn[2], wz], [integer], [], `${base}_MatMulInteger`);
    edit.addNode('Cast', [integer], [asFloat], [intAttr('to', DataType.FLOAT)]);
    edit.addNode('Mul', [dyn[1], ws], [scale]);
    edit.addNode('Mul', [asFloat, scale], [scaled]);
    if (hasBias) {
      let bias = n.node.input[2]!;
      if (beta !== 1) {
        const betaName = edit.unique(`${base}_beta`);
        edit.addInitializer(floatTensor(betaName, [], [beta]));
        const scaledBias = edit.unique(`${bias}_times_beta`);
        edit.addNode('Mul', [bias, betaName], [scaledBias]);
        bias = scaledBias;
      }
      edit.addNode('Add', [scaled, bias], [y]);
    }
    graph.node = graph.node.filter((x) => x !== n.node);
    quantized.push(n.label);
  }
  edit.removeUnusedInitializers();
  edit.sort();
  return { quantized, excluded };
}
