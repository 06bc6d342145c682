/** Refuses recipes that cannot apply to a model: precision recipes on models already quantized or in float16. */
import type { Recipe } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { forEachGraph, weightsOf, type ModelProto } from '../onnx/index.js';

/** Operators that mark a model as already quantized (standard ONNX and ONNX Runtime's com.microsoft forms). */
const QUANTIZED_OPS = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'QLinearConv',
  'QLinearMatMul',
  'MatMulInteger',
  'ConvInteger',
  'QLinearAdd',
  'QLinearMul',
  'QGemm',
  'DynamicQuantizeMatMul',
  'MatMulIntegerToFloat',
  'MatMulNBits',
  'QAttention',
]);

/** The quantization operators a model already holds (empty for a float model). */
export function quantizedOperators(proto: ModelProto): string[] {
  const found = new Set<string>();
  forEachGraph(proto, (g) => {
    for (const n of g.node) if (QUANTIZED_OPS.has(n.opType)) found.add(n.opType);
  });
  return [...found].sort();
}

/** Throws UNSUPPORTED when `recipe` cannot apply to the model. */
export function assertRecipeApplies(recipe: Recipe, proto: ModelProto): void {
  if (recipe === 'optimized') return;
  const quantized = quantizedOperators(proto);
  if (quantized.length > 0) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model is already quantized (it has ${quantized.slice(0, 4).join(', ')}), so the ${recipe} recipe cannot apply.`,
      'Convert the float32 original instead.',
    );
  }
  const weights = weightsOf(proto);
  const float32 = weights.filter((w) => w.dtype === 'float32').reduce((s, w) => s + w.elementCount, 0);
  const float16 = weights.filter((w) => w.dtype === 'float16').reduce((s, w) => s + w.elementCount, 0);
  if (float16 > 0 && float16 >= float32) {
    const what = recipe.startsWith('fp16') ? 'already stores its weights in float16' : 'stores its weights in float16, and int8 recipes start from float32';
    throw new ParityError('UNSUPPORTED', `The model ${what}, so the ${recipe} recipe cannot apply.`, 'Convert the float32 original instead.');
  }
  if (float32 === 0) {
    throw new ParityError('UNSUPPORTED', `The model has no float32 weights, so the ${recipe} recipe has nothing to convert.`, 'Use the optimized recipe, or convert a float32 model.');
  }
}
