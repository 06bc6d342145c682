import { z } from 'zod';

/**
 * Test-only faults, refused unless the engine was started with PARITY_TEST_HOOKS=1: they let tests prove that a
 * crash, a hang or a slow job is handled by the host.
 */
export const DebugParamsSchema = z.object({
  action: z.enum(['sleep', 'abort', 'hang', 'throw', 'exit']),
  ms: z.number().int().min(0).max(600_000).default(0),
});
export const DebugResultSchema = z.object({ slept: z.number() });

export const DebugJob = { params: DebugParamsSchema, result: DebugResultSchema } as const;
