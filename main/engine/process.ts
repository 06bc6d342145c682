/**
 * Entry of the engine process: started by child_process.fork (CLI, web host) or as an Electron utilityProcess
 * (desktop). All model, image and report work happens here, away from the hosts' event loops.
 */
import { connectToHost } from './rpc/transport.js';
import { startEngineServer } from './rpc/server.js';
import { handlers } from './jobs/handlers.js';
import { parityVersion } from './env/project-root.js';

// The host owns the lifetime: Ctrl-C in a terminal reaches the whole process group, and the CLI cancels jobs
// itself before it shuts the engine down.
process.on('SIGINT', () => undefined);

const maxHeavyJobs = Number(process.env.PARITY_MAX_HEAVY_JOBS) || 1;
startEngineServer(connectToHost(), handlers, { version: parityVersion(), maxHeavyJobs });
