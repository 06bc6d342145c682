import type { HostToEngine } from '../../../shared/contract/rpc.js';

export interface EngineExit {
  code: number | null;
  signal: string | null;
  /** The last lines the engine wrote to stderr: a native crash's only words. */
  stderrTail: string;
}

/** A host's end of one engine process: forked child (CLI, web host) or Electron utility process (desktop). */
export interface EngineChannel {
  readonly pid: number | undefined;
  send(message: HostToEngine): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: EngineExit) => void): void;
  kill(): void;
}

export type ChannelFactory = () => EngineChannel;

/** Keeps the last `limit` characters written to a stream, for crash reports. */
export class TailBuffer {
  private text = '';
  constructor(private readonly limit = 4096) {}
  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.limit);
  }
  toString(): string {
    return this.text.trim();
  }
}
