/** The recipes of the convert job, explained in a line each for the form. */
import type { Recipe } from '../../../../shared/contract/jobs/convert.js';

const DESCRIPTIONS: Readonly<Record<Recipe, string>> = {
  optimized: 'ONNX Runtime graph optimizations (constant folding, fusions) saved as a portable file.',
  fp16: 'Weights and compute in float16, inputs and outputs kept float32. About half the size.',
  'fp16-weights': 'Weights stored as float16, cast back to float32 for compute. Half the size, float32 speed.',
  'int8-dynamic': 'int8 weights for MatMul/Gemm; activations quantized at run time. No calibration needed.',
  'int8-static': 'Calibrated int8 (QDQ): weights and activations in int8. Needs calibration images.',
};

export function recipeDescription(recipe: Recipe): string {
  return DESCRIPTIONS[recipe];
}

/** Recipes that need calibration images. */
export function needsCalibration(recipe: Recipe): boolean {
  return recipe === 'int8-static';
}
