/** Starts a real engine process (the built dist/ entry) for a test, with the test-only fault hooks enabled. */
import { EngineClient, forkChannelFactory, type EngineClientOptions } from '../../main/engine/index.js';

export function startTestEngine(options: EngineClientOptions = {}): EngineClient {
  return new EngineClient(forkChannelFactory({ env: { PARITY_TEST_HOOKS: '1' } }), options);
}
