/** The `optimized` recipe: ONNX Runtime's graph optimizations, saved at the portable level unless told otherwise. */
import { promises as fs } from 'node:fs';
import { ModelSession } from '../infer/model-session.js';
import { tempPathNextTo } from '../io/temp-files.js';

export interface OptimizedResult {
  notes: string[];
  options: Record<string, unknown>;
}

/**
 * Writes the graph-optimized model to `output` (atomically). Level 'extended' is portable across CPUs;
 * 'all' adds layout transforms specific to this CPU and is only used with hardwareSpecific.
 */
export async function convertOptimized(model: string, output: string, hardwareSpecific: boolean): Promise<OptimizedResult> {
  const level = hardwareSpecific ? 'all' : 'extended';
  const temp = tempPathNextTo(output, '.onnx');
  try {
    const session = await ModelSession.open(model, { threads: 1, optimizationLevel: level, optimizedModelPath: temp });
    await session.release();
    await fs.rename(temp, output);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  const notes = hardwareSpecific
    ? ["Saved at ONNX Runtime optimization level 'all': the file may only load and run correctly on a CPU like this one."]
    : ["Saved at ONNX Runtime optimization level 'extended' (portable): loading it with level 'all' applies the CPU-specific rest at run time."];
  return { notes, options: { optimizationLevel: level, hardwareSpecific } };
}
