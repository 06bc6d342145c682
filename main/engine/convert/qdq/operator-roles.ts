/**
 * What ONNX Runtime's CPU QDQ transformer does with each operator, from its selectors and actions
 * (onnxruntime/core/optimizer/qdq_transformer/selectors_actions): DQ → op → Q groups it replaces by an integer
 * kernel, operators that run directly on the integer data when input and output share one scale and zero point
 * (their DQ and Q are dropped), and the activations its Relu/Clip + QuantizeLinear fusions remove. Everything else
 * runs in float32 between a DequantizeLinear and a QuantizeLinear.
 */

/** Weighted operators fused into an integer kernel (input, weight and bias DQ; output Q). */
export const FUSED_WEIGHTED_OPS: ReadonlyMap<string, string> = new Map([
  ['Conv', 'QLinearConv'],
  ['MatMul', 'QLinearMatMul'],
  ['Gemm', 'QGemm'],
]);

/** Weighted operators with no integer CPU kernel: int8 weights behind a DequantizeLinear, float32 compute. */
export const WEIGHT_ONLY_OPS: ReadonlySet<string> = new Set(['ConvTranspose']);

/** Weightless operators ONNX Runtime replaces by an integer kernel when every input is DQ and the output is Q. */
export const INTEGER_KERNEL_OPS: ReadonlyMap<string, string> = new Map([
  ['Add', 'QLinearAdd'],
  ['Mul', 'QLinearMul'],
  ['Concat', 'QLinearConcat'],
  ['AveragePool', 'QLinearAveragePool'],
  ['GlobalAveragePool', 'QLinearGlobalAveragePool'],
  ['LeakyRelu', 'QLinearLeakyRelu'],
  ['Sigmoid', 'QLinearSigmoid'],
  ['Softmax', 'QLinearSoftmax'],
]);

/**
 * Operators that move or select values without changing them: with the input's scale and zero point on the output
 * too, ONNX Runtime drops their DQ and Q and runs them on the 8-bit data (MaxPool needs opset 12 and a positive
 * scale; Split needs every output to match the input). Only input 0 carries the data.
 */
export const PASS_THROUGH_OPS: ReadonlySet<string> = new Set([
  'Reshape',
  'Transpose',
  'Flatten',
  'Squeeze',
  'Unsqueeze',
  'Slice',
  'Split',
  'Gather',
  'GatherElements',
  'Expand',
  'Tile',
  'MaxPool',
  'Resize',
  'ReduceMax',
  'ReduceMin',
  'Identity',
]);

/** Activations that clip to a range containing 0: a QuantizeLinear over a range inside theirs saturates as they do. */
export const SATURATING_ACTIVATIONS: ReadonlySet<string> = new Set(['Relu', 'Clip']);

/** Ops of the optimized graph that compute on integers (ONNX Runtime's own names, contrib domains included). */
export const INTEGER_RUNTIME_OPS: ReadonlySet<string> = new Set([
  'QLinearConv',
  'QLinearMatMul',
  'QGemm',
  'QLinearAdd',
  'QLinearMul',
  'QLinearConcat',
  'QLinearAveragePool',
  'QLinearGlobalAveragePool',
  'QLinearLeakyRelu',
  'QLinearSigmoid',
  'QLinearSoftmax',
  'QLinearWhere',
  'MatMulInteger',
  'ConvInteger',
  'MatMulIntegerToFloat',
  'DynamicQuantizeMatMul',
  'DynamicQuantizeLinear',
]);

/** Why an operator of this type stays float32 in ONNX Runtime even between quantized tensors. */
export function floatReason(opType: string): string {
  if (WEIGHT_ONLY_OPS.has(opType)) return `ONNX Runtime has no integer CPU kernel for ${opType}: computed in float32`;
  if (opType === 'ReorderInput' || opType === 'ReorderOutput') return `the layout change ONNX Runtime adds around a float32 Conv it runs in NCHWc blocks`;
  if (opType === 'Div' || opType === 'Sub') return `ONNX Runtime has no integer CPU kernel for ${opType} by a computed tensor`;
  if (opType === 'Clip' || opType === 'Relu') return `a ${opType} whose range could not be folded into a QuantizeLinear (its input has other readers and its bounds exclude the calibrated range)`;
  if (INTEGER_KERNEL_OPS.has(opType) || FUSED_WEIGHTED_OPS.has(opType)) return `${opType} with an input or output kept float32 (see excluded)`;
  return `ONNX Runtime has no integer CPU kernel for ${opType}`;
}
