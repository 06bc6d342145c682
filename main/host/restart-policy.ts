import { ParityError } from '../../shared/errors.js';

export interface RestartPolicyOptions {
  /** This many crashes within `windowMs` stop automatic restarts for a while. */
  maxCrashes?: number;
  windowMs?: number;
  now?: () => number;
}

/**
 * Decides whether a crashed engine may be started again for the next job. The engine client restarts on demand;
 * this keeps a model that kills the engine on load from turning into a tight crash loop.
 */
export class RestartPolicy {
  private crashes: number[] = [];
  private readonly maxCrashes: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: RestartPolicyOptions = {}) {
    this.maxCrashes = options.maxCrashes ?? 3;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  recordCrash(): void {
    this.crashes.push(this.now());
    this.prune();
  }

  /** Milliseconds until a new engine may start; 0 when it may start now. */
  waitMs(): number {
    this.prune();
    if (this.crashes.length < this.maxCrashes) return 0;
    const oldestCounted = this.crashes[this.crashes.length - this.maxCrashes] as number;
    return Math.max(0, oldestCounted + this.windowMs - this.now());
  }

  /** Throws ENGINE_CRASHED when the engine crashed too often lately. */
  check(logHint: string): void {
    const wait = this.waitMs();
    if (wait === 0) return;
    throw new ParityError(
      'ENGINE_CRASHED',
      `The engine crashed ${this.maxCrashes} times within ${Math.round(this.windowMs / 1000)} s; it will not be restarted for ${Math.ceil(wait / 1000)} s.`,
      `A model or image may crash ONNX Runtime or the image decoder; try them one at a time. ${logHint}`.trim(),
      { reason: 'crash-loop', retryInMs: wait },
    );
  }

  private prune(): void {
    const since = this.now() - this.windowMs;
    this.crashes = this.crashes.filter((t) => t > since);
  }
}
