/**
 * Peak resident memory of the engine process during a window of work. ONNX Runtime's run() blocks the JS thread,
 * so a timer there would never fire during an inference; a worker thread samples process.memoryUsage.rss() (the
 * whole process's RSS) every millisecond instead. On Linux the kernel's own high-water mark (VmHWM) is also reset
 * at the window's start (writing 5 to /proc/self/clear_refs) and read at its end, which catches peaks between
 * samples.
 */
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export const RSS_SAMPLE_INTERVAL_MS = 1;

// Plain JavaScript evaluated in the worker (no module file to ship): loop until told to stop, keeping the maximum.
const SAMPLER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const control = new Int32Array(workerData.buffer, 0, 2);
const figures = new Float64Array(workerData.buffer, 8, 2);
const interval = workerData.intervalMs;
figures[0] = process.memoryUsage.rss();
figures[1] = 1;
parentPort.postMessage('sampling');
while (Atomics.load(control, 0) === 0) {
  const rss = process.memoryUsage.rss();
  if (rss > figures[0]) figures[0] = rss;
  figures[1] += 1;
  Atomics.wait(control, 0, 0, interval);
}
`;

/** The kernel's peak RSS of this process in bytes (VmHWM), or null where /proc is unavailable. */
export function readVmHwmBytes(pid: number | 'self' = 'self'): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets this process's VmHWM to its current RSS (Linux ≥ 4.0); false when the kernel or a sandbox refuses. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export interface RssWindow {
  /** max(sampled peak, VmHWM when it could be reset at the start). */
  peakBytes: number;
  sampledPeakBytes: number;
  samples: number;
  /** RSS when the window opened. */
  startBytes: number;
  source: 'vmhwm-reset' | 'sampled';
}

/** A window of peak-RSS measurement: `RssSampler.start()`, do the work, `stop()`. */
export class RssSampler {
  private constructor(
    private readonly worker: Worker,
    private readonly shared: SharedArrayBuffer,
    private readonly hwmReset: boolean,
    private readonly startBytes: number,
  ) {}

  /**
   * Starts sampling; resolves once the worker took its first sample. With `resetHwm` (the default) the kernel's
   * VmHWM is reset too, so the window's peak also covers what happens between two samples.
   */
  static async start(options: { intervalMs?: number; resetHwm?: boolean } = {}): Promise<RssSampler> {
    const intervalMs = options.intervalMs ?? RSS_SAMPLE_INTERVAL_MS;
    const shared = new SharedArrayBuffer(24);
    const worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { buffer: shared, intervalMs } });
    await once(worker, 'message');
    const startBytes = process.memoryUsage.rss();
    const hwmReset = options.resetHwm !== false && resetPeakRss();
    return new RssSampler(worker, shared, hwmReset, startBytes);
  }

  /** The highest RSS sampled so far (the window stays open). */
  get sampledPeakBytes(): number {
    return new Float64Array(this.shared, 8, 2)[0]!;
  }

  /** Stops sampling and returns the window's peak. */
  async stop(): Promise<RssWindow> {
    const control = new Int32Array(this.shared, 0, 2);
    Atomics.store(control, 0, 1);
    const exited = once(this.worker, 'exit');
    Atomics.notify(control, 0);
    await exited;
    const figures = new Float64Array(this.shared, 8, 2);
    const sampled = Math.max(figures[0]!, this.startBytes);
    const hwm = this.hwmReset ? readVmHwmBytes() : null;
    return {
      peakBytes: Math.max(sampled, hwm ?? 0),
      sampledPeakBytes: sampled,
      samples: figures[1]!,
      startBytes: this.startBytes,
      source: hwm !== null ? 'vmhwm-reset' : 'sampled',
    };
  }
}
