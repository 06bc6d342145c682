/**
 * The conversion flags, shared by `parity convert` and `parity compare --candidate-recipe`: each fills one field of
 * ConversionOptionsSchema, whose defaults the help shows. The calibration seed's flag differs: --seed for convert,
 * --calib-seed for compare (whose --seed seeds the perturbations).
 */
import {
  ACTIVATION_QDQ_OPS,
  CALIBRATION_METHODS,
  ConversionOptionsSchema as C,
  RECIPES,
  RecipeSchema,
  type Recipe,
} from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { absolutePath, commaList, integerIn, namesFrom, numberIn, oneOf } from '../flag-values.js';
import { flagText, param, type Flag, type FlagTable, type Parsed } from '../flags.js';

/** The conversion flags, the calibration seed under the name `seedFlag`. */
export function conversionFlags(seedFlag: 'seed' | 'calib-seed'): FlagTable {
  return {
    calib: { value: 'dir', help: 'calibration images (int8-static); other recipes time and check the variant on its first image instead of a mid-grey one', param: param(C, 'calib'), parse: absolutePath },
    'calib-method': { value: 'm', help: CALIBRATION_METHODS.join('|'), param: param(C, 'calibMethod'), parse: oneOf(CALIBRATION_METHODS) },
    'calib-size': { value: 'n', help: 'at most n calibration images, a seeded random subset', param: param(C, 'calibSize'), parse: integerIn(1, 1_000_000) },
    [seedFlag]: { value: 'n', help: 'seed of that subset', param: param(C, 'seed'), parse: integerIn(0, 2 ** 31 - 1) },
    percentile: { value: 'p', help: 'percentile kept by --calib-method percentile', param: param(C, 'percentile'), parse: numberIn(50.001, 100) },
    'per-channel': { help: 'per-channel weight scales', param: param(C, 'perChannel') },
    'no-per-channel': { help: 'one weight scale per tensor', param: param(C, 'perChannel'), sets: false },
    'reduce-range': { help: '7-bit weights', param: param(C, 'reduceRange'), shownDefault: "chosen from the CPU's flags" },
    'no-reduce-range': { help: '8-bit weights', param: param(C, 'reduceRange'), sets: false },
    'activation-type': {
      value: 't',
      help: `${C.shape.activationType.unwrap().options.join('|')}, for int8-static`,
      param: param(C, 'activationType'),
      parse: oneOf(C.shape.activationType.unwrap().options),
    },
    'weight-type': { value: 't', help: C.shape.weightType.unwrap().options.join('|'), param: param(C, 'weightType'), parse: oneOf(C.shape.weightType.unwrap().options) },
    'channel-sqnr-floor': {
      value: 'dB',
      help: '(int8-static) activations whose weakest channel would fall below this SQNR under one int8 scale stay float32; 0 turns the guard off',
      param: param(C, 'channelSqnrFloorDb'),
      parse: numberIn(0, 60),
    },
    'no-channel-guard-check': {
      help: "(int8-static) keep the guard's float32 tensors even when, on the calibration images, the network's outputs are no closer to float32 with them",
      param: param(C, 'channelGuardCheck'),
      sets: false,
    },
    'no-equalize': {
      help: "(int8-static) do not rescale the channels of Conv → Relu/ReLU6 → Conv chains and residual streams to share one int8 scale evenly (by default kept only where it brings the outputs ≥ 1 dB closer to float32)",
      param: param(C, 'equalize'),
      sets: false,
    },
    'no-bias-correction': {
      help: '(int8-static) keep each bias as it is, instead of subtracting the mean shift that rounding the weights to int8 causes on the calibration images',
      param: param(C, 'biasCorrection'),
      sets: false,
    },
    'also-quantize': {
      value: 'ops',
      help: `(int8-static) accepted for compatibility: ${ACTIVATION_QDQ_OPS.join(',')} and the other ops ONNX Runtime has integer kernels for are quantized by default`,
      param: param(C, 'alsoQuantize'),
      parse: namesFrom(ACTIVATION_QDQ_OPS),
    },
    'exclude-nodes': { value: 'a,b', help: "node names kept in float (the manifest's fusion section shows the float islands left)", param: param(C, 'excludeNodes'), parse: commaList },
    'exclude-ops': { value: 'Op1,Op2', help: 'operator types kept in float, e.g. Add,Mul', param: param(C, 'excludeOps'), parse: commaList },
    'hardware-specific': { help: "(optimized) allow ORT level 'all', tying the file to this CPU", param: param(C, 'hardwareSpecific') },
    'no-timing': { help: 'skip the short speed measurement at the end', param: param(C, 'measureSpeed'), sets: false },
  };
}

/** The same flags left out of a command's --help (another line documents them). */
export function hidden(table: FlagTable): FlagTable {
  return Object.fromEntries(Object.entries(table).map(([name, flag]): [string, Flag] => [name, { ...flag, hidden: true }]));
}

/** The recipe named by `flag`, with a BAD_OPTION listing the recipes otherwise; undefined when not given. */
/** A comma-separated list of recipes (`--candidate-recipe fp16,int8-static`); empty when the flag is absent. */
export function recipesFlag(parsed: Parsed, flag: string): Recipe[] {
  const list = flagText(parsed, flag);
  if (list === undefined) return [];
  return list.split(',').map((name) => name.trim()).filter((name) => name !== '').map((name) => parseRecipe(name));
}

function parseRecipe(name: string): Recipe {
  const recipe = RecipeSchema.safeParse(name);
  if (!recipe.success) throw new ParityError('BAD_OPTION', `Unknown recipe "${name}".`, `Recipes: ${RECIPES.join(', ')}.`);
  return recipe.data;
}

export function recipeFlag(parsed: Parsed, flag: string): Recipe | undefined {
  const name = flagText(parsed, flag);
  return name === undefined ? undefined : parseRecipe(name);
}
