import { z } from 'zod';

/**
 * Test-only faults, refused unless the engine was started with PARITY_TEST_HOOKS=1: they let tests prove that a
 * crash, a hang, a slow job or a long ONNX Runtime call is handled by the host.
 */
export const DebugParamsSchema = z.object({
  action: z.enum(['sleep', 'abort', 'hang', 'throw', 'exit', 'infer']),
  ms: z.number().int().min(0).max(600_000).default(0),
  /** For 'infer': a model run once on zeros of `dims` (its first input), holding the thread inside ONNX Runtime. */
  model: z.string().optional(),
  dims: z.array(z.number().int().min(1)).optional(),
});
export const DebugResultSchema = z.object({ slept: z.number() });

export const DebugJob = { params: DebugParamsSchema, result: DebugResultSchema } as const;
