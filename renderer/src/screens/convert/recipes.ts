/**
 * The recipes the engine offers (RECIPES of the shared contract) and the options each one reads, found from the
 * contract's schema so options appear in the form as soon as the engine gains them.
 */
import { z } from 'zod';
import { ConvertParamsSchema, RECIPES } from '../../../../shared/contract/jobs/convert.js';

export type RecipeName = (typeof RECIPES)[number];

/** One-line explanations of recipes the app knows; a recipe added later shows its name until it gets one. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  optimized: 'ONNX Runtime graph optimizations (constant folding, fusions) saved as a portable file.',
  fp16: 'Weights and compute in float16, inputs and outputs kept float32. About half the size.',
  'fp16-weights': 'Weights stored as float16, cast back to float32 for compute. Half the size, float32 speed.',
  'int8-dynamic': 'int8 weights for MatMul/Gemm; activations quantized at run time. No calibration needed.',
  'int8-static': 'Calibrated int8 (QDQ): weights and activations in int8. Needs calibration images.',
};

export function recipeDescription(recipe: string): string {
  return DESCRIPTIONS[recipe] ?? 'A conversion recipe of this engine.';
}

export function availableRecipes(): readonly string[] {
  return RECIPES;
}

/** Whether the convert job takes an option of this name (the engine may not have it yet). */
export function convertTakes(option: string): boolean {
  return Object.prototype.hasOwnProperty.call(ConvertParamsSchema.shape, option);
}

/** Recipes that need calibration images. */
export function needsCalibration(recipe: string): boolean {
  return recipe === 'int8-static';
}

/** The choices of an enum option of the convert job (e.g. calibMethod), or none when the job lacks it. */
export function convertChoices(option: string): readonly string[] {
  let field: unknown = (ConvertParamsSchema.shape as Record<string, unknown>)[option];
  while (field instanceof z.ZodDefault || field instanceof z.ZodOptional || field instanceof z.ZodNullable) field = field.unwrap();
  return field instanceof z.ZodEnum ? (field.options as readonly string[]) : [];
}
