/** Engine channel over child_process.fork: used by the CLI and the web host. */
import { fork } from 'node:child_process';
import type { HostToEngine } from '../../../shared/contract/rpc.js';
import { TailBuffer, type ChannelFactory, type EngineChannel, type EngineExit } from './channel.js';
import { engineEntryPath } from './entry-path.js';

export interface ForkOptions {
  /** Extra environment for the engine (e.g. PARITY_TEST_HOOKS=1 in tests). */
  env?: Record<string, string>;
  /** Receives every line the engine writes to stdout or stderr. */
  onOutput?: (line: string) => void;
  execArgv?: string[];
}

export function forkChannelFactory(options: ForkOptions = {}): ChannelFactory {
  return () => forkEngineChannel(options);
}

function forkEngineChannel(options: ForkOptions): EngineChannel {
  const child = fork(engineEntryPath(), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
  });
  const tail = new TailBuffer();
  const forward = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    tail.push(text);
    if (options.onOutput) for (const line of text.split('\n')) if (line.trim()) options.onOutput(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exitListeners: Array<(exit: EngineExit) => void> = [];
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  // 'close' comes after the stdio streams have drained, so the tail holds a native crash's last words.
  child.on('close', (code, signal) => {
    exited = true;
    for (const listener of exitListeners) listener({ code, signal, stderrTail: tail.toString() });
  });
  child.on('error', (error) => tail.push(`\n${error.message}`));
  return {
    pid: child.pid,
    send(message: HostToEngine) {
      if (!exited && child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
  };
}
