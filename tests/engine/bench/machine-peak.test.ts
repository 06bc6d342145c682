import { describe, expect, it } from 'vitest';
import { machinePeakOf, physicalCoresOf, vectorWidth } from '../../../main/engine/bench/machine-peak.js';

const cpu = (flags: string[], cores = 2, mhz: number | null = 2100) => ({ model: 'Test CPU', cores, flags, mhz });

describe('machine peak: cores × clock × FMA units × lanes × 2', () => {
  it('derives fp32 lanes from the widest vector flag', () => {
    expect(vectorWidth(['avx', 'avx2', 'avx512f', 'fma'], 'x64')).toEqual({ isa: 'avx512f', lanes: 16 });
    expect(vectorWidth(['avx', 'avx2', 'fma'], 'x64')).toEqual({ isa: 'avx2', lanes: 8 });
    expect(vectorWidth(['avx'], 'x64')).toEqual({ isa: 'avx', lanes: 8 });
    expect(vectorWidth(['sse4_2'], 'x64')).toEqual({ isa: 'sse', lanes: 4 });
    expect(vectorWidth([], 'x64')).toEqual({ isa: 'sse', lanes: 4 });
    expect(vectorWidth(['asimd'], 'arm64')).toEqual({ isa: 'asimd', lanes: 4 });
    expect(vectorWidth([], 'riscv64')).toEqual({ isa: 'scalar', lanes: 1 });
  });

  it('computes the peak of an AVX-512 machine and says how', () => {
    const peak = machinePeakOf(cpu(['avx2', 'avx512f', 'fma']), 2, 'x64');
    expect(peak.gflopsPerSec).toBeCloseTo(2 * 2.1 * 2 * 16 * 2, 9); // 268.8
    expect(peak.fmaUnits).toBe(2);
    expect(peak.derivation).toContain('268.8 GFLOP/s');
    expect(peak.derivation).toMatch(/assumed/);
  });

  it('counts physical cores when hyper-threads share them, one unit without FMA, and no peak without a clock', () => {
    expect(machinePeakOf(cpu(['avx2', 'fma'], 8), 4, 'x64').gflopsPerSec).toBeCloseTo(4 * 2.1 * 2 * 8 * 2, 9);
    expect(machinePeakOf(cpu(['avx2', 'fma'], 8), 4, 'x64').derivation).toMatch(/4 physical cores \(of 8 logical/);
    expect(machinePeakOf(cpu(['sse4_2'], 4, 3000), null, 'x64').gflopsPerSec).toBeCloseTo(4 * 3 * 1 * 4 * 2, 9);
    expect(machinePeakOf(cpu(['avx2', 'fma'], 2, null), 2, 'x64').gflopsPerSec).toBeNull();
  });

  it('reads the core topology from /proc/cpuinfo text', () => {
    const block = (p: number, c: number): string => `processor\t: ${p * 2 + c}\nphysical id\t: ${p}\ncore id\t\t: ${c}\n`;
    const twoSockets = [block(0, 0), block(0, 1), block(1, 0), block(1, 1), block(0, 0)].join('\n');
    expect(physicalCoresOf(twoSockets)).toBe(4);
    expect(physicalCoresOf('processor\t: 0\nmodel name\t: ARM\n')).toBeNull();
  });
});
