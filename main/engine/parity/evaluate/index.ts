/** Evaluation of a model pair's outputs: the output plan and the PairEvaluator that measures and aggregates. */
export { planOutputs, outputOf } from './plan-outputs.js';
export {
  PairEvaluator,
  EvaluatorStateSchema,
  type EvaluatorOptions,
  type EvaluatorState,
  type ImageEvaluation,
  type LabelOutcome,
  type OutputTensors,
  type RunSummary,
} from './pair-evaluator.js';
