import { ParityError } from '../../../shared/errors.js';
import { createCpuSession, zerosTensor } from '../infer/index.js';
import type { JobHandler } from './handler.js';

/** Test-only faults (PARITY_TEST_HOOKS=1): prove that hosts survive a crash, a hang, a throw or a slow job. */
export const debugJob: JobHandler<'debug'> = async (params, ctx) => {
  if (process.env.PARITY_TEST_HOOKS !== '1') {
    throw new ParityError('BAD_OPTION', 'The debug job is only available in tests (PARITY_TEST_HOOKS=1).');
  }
  switch (params.action) {
    case 'abort':
      process.stderr.write('parity test hook: aborting the engine\n');
      process.abort();
      break;
    case 'exit':
      process.exit(70);
      break;
    case 'throw':
      throw new Error('test hook: an unexpected exception');
    case 'hang': {
      // Blocks the event loop: no heartbeat, no cancel message gets through.
      const until = Date.now() + params.ms;
      while (Date.now() < until) {
        /* spin */
      }
      break;
    }
    case 'sleep':
      break;
    case 'infer': {
      // One real ONNX Runtime run: the thread is blocked inside onnxruntime-node for as long as the model takes.
      if (!params.model || !params.dims) throw new ParityError('BAD_OPTION', "'infer' needs model and dims.");
      const session = await createCpuSession(params.model, { intraOpThreads: 1, optimizationLevel: 'disabled', quiet: true });
      try {
        const started = Date.now();
        await session.run({ [session.inputNames[0]!]: zerosTensor('float32', params.dims) });
        return { slept: Date.now() - started };
      } finally {
        await session.release();
      }
    }
  }
  const started = Date.now();
  while (Date.now() - started < params.ms) {
    ctx.throwIfCancelled();
    ctx.progress('sleeping', Date.now() - started, params.ms);
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, params.ms)));
  }
  return { slept: Date.now() - started };
};
