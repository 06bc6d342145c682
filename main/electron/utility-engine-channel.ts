/**
 * The engine in an Electron utility process, as an EngineChannel: the EngineClient above it supplies crash
 * detection, hang detection and restart. Same entry file as the CLI's forked engine, a stable service name
 * (shown in the OS task manager and in crash reports), stdio piped into the engine log.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import { TailBuffer, type ChannelFactory, type EngineChannel, type EngineExit } from '../engine/index.js';
import type { HostToEngine } from '../../shared/contract/rpc.js';
import type { EngineLog } from './engine-log.js';

export const ENGINE_SERVICE_NAME = 'Parity Engine';

export interface UtilityChannelOptions {
  fork: (modulePath: string, args?: string[], options?: ForkOptions) => UtilityProcess;
  entry: string;
  log: EngineLog;
  execArgv: string[];
  env?: Record<string, string>;
}

export function utilityChannelFactory(options: UtilityChannelOptions): ChannelFactory {
  return () => utilityChannel(options);
}

function utilityChannel(options: UtilityChannelOptions): EngineChannel {
  const child = options.fork(options.entry, [], {
    serviceName: ENGINE_SERVICE_NAME,
    stdio: 'pipe',
    execArgv: options.execArgv,
    env: { ...process.env, ...options.env },
  });
  const tail = new TailBuffer();
  options.log.line(`engine starting: ${options.entry} ${options.execArgv.join(' ')}`.trim());
  const pipe = (name: 'stdout' | 'stderr') => (chunk: Buffer | string) => {
    const text = chunk.toString();
    tail.push(text);
    options.log.output(name, text);
  };
  child.stdout?.on('data', pipe('stdout'));
  child.stderr?.on('data', pipe('stderr'));
  child.on('error', (type, location) => tail.push(`\n${type} at ${location}`));
  const exitListeners: Array<(exit: EngineExit) => void> = [];
  let exited = false;
  child.on('exit', (code) => {
    exited = true;
    options.log.line(`engine exited with code ${code}`);
    // Let the last stderr lines arrive: they are a native crash's only words.
    setTimeout(() => {
      for (const listener of exitListeners) listener({ code, signal: null, stderrTail: tail.toString() });
    }, 20);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message: HostToEngine) {
      if (!exited) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (!exited) child.kill();
    },
  };
}
