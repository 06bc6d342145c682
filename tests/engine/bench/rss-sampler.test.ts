import { describe, expect, it } from 'vitest';
import { readVmHwmBytes, RssSampler } from '../../../main/engine/bench/rss-sampler.js';

const MB = 1024 * 1024;

/** Allocates and touches every page of a buffer that becomes garbage on return; returns the pages touched. */
function touchMemory(bytes: number): number {
  const block = new Uint8Array(bytes);
  let pages = 0;
  for (let i = 0; i < block.length; i += 4096, pages++) block[i] = 1;
  return pages;
}

describe('RssSampler', () => {
  it('sees memory touched and released while the JS thread is busy', async () => {
    const sampler = await RssSampler.start();
    // Touch 96 MB and free it again without yielding: only another thread (or VmHWM) can see this peak.
    const touched = touchMemory(96 * MB);
    const busyUntil = performance.now() + 50;
    while (performance.now() < busyUntil) {
      // keep the JS thread blocked while the worker samples
    }
    const window = await sampler.stop();
    expect(touched).toBe(96 * MB / 4096);
    expect(window.samples).toBeGreaterThan(5);
    expect(window.sampledPeakBytes - window.startBytes).toBeGreaterThan(80 * MB);
    expect(window.peakBytes).toBeGreaterThanOrEqual(window.sampledPeakBytes);
    if (window.source === 'vmhwm-reset') {
      expect(Math.abs(window.peakBytes - window.sampledPeakBytes) / window.peakBytes).toBeLessThan(0.1);
    }
  });

  it('reads the kernel high-water mark of this process', () => {
    const hwm = readVmHwmBytes();
    if (process.platform === 'linux') {
      expect(hwm).not.toBeNull();
      expect(hwm!).toBeGreaterThanOrEqual(process.memoryUsage.rss() * 0.9);
    }
    expect(readVmHwmBytes(2 ** 30)).toBeNull();
  });
});
