/**
 * The engine's public entry for hosts (CLI, web host, Electron main). Hosts import this file and shared/ only,
 * never the engine's internals: they talk to the engine through jobs in another process.
 */
export { EngineClient, type EngineClientOptions, type RunOptions } from './rpc/client.js';
export type { ChannelFactory, EngineChannel, EngineExit } from './rpc/channel.js';
export { TailBuffer } from './rpc/channel.js';
export { forkChannelFactory, type ForkOptions } from './rpc/fork-channel.js';
export { engineEntryPath } from './rpc/entry-path.js';
export { dataDir, cacheDir, newRunDir } from './env/data-dirs.js';
export { projectRoot, parityVersion } from './env/project-root.js';
export { writeFileAtomic, writeJsonAtomic, copyFileAtomic } from './io/atomic-write.js';
export { EXPORT_FRAMEWORKS, type ExportFramework } from './export-script/frameworks.js';
export { exportScript } from './export-script/python-script.js';
