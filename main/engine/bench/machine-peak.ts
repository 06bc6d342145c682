/**
 * The machine's theoretical fp32 peak, the yardstick for "achieved GFLOP/s": cores × clock × FMA units × vector
 * lanes × 2 (a fused multiply-add is two floating-point operations). Each factor is read from the OS where it can be
 * and the JSON and the report say which ones are assumptions.
 */
import { readFileSync } from 'node:fs';
import type { MachinePeak } from '../../../shared/report/performance-section.js';
import { readCpuInfo, type CpuInfo } from '../env/cpu-info.js';

/** The widest fp32 vector extension among the flags and its lanes per register (x64 always has SSE2, arm64 NEON). */
export function vectorWidth(flags: readonly string[], arch: string = process.arch): { isa: string; lanes: number } {
  const has = (f: string): boolean => flags.includes(f);
  if (has('avx512f')) return { isa: 'avx512f', lanes: 16 };
  if (has('avx2')) return { isa: 'avx2', lanes: 8 };
  if (has('avx')) return { isa: 'avx', lanes: 8 };
  if (has('asimd') || has('neon')) return { isa: has('asimd') ? 'asimd' : 'neon', lanes: 4 };
  if (has('sse4_2') || has('sse4_1') || has('sse2') || has('sse') || arch === 'x64') return { isa: 'sse', lanes: 4 };
  if (arch === 'arm64') return { isa: 'neon', lanes: 4 };
  return { isa: 'scalar', lanes: 1 };
}

/** Distinct (physical id, core id) pairs in /proc/cpuinfo, or null when the file does not list them. */
export function physicalCoresOf(cpuinfo: string): number | null {
  const cores = new Set<string>();
  for (const block of cpuinfo.split(/\n\s*\n/)) {
    const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (physical !== undefined && core !== undefined) cores.add(`${physical}:${core}`);
  }
  return cores.size > 0 ? cores.size : null;
}

/** The machine's fp32 peak from CPU facts (pure: tests feed it any CPU). */
export function machinePeakOf(cpu: CpuInfo, physicalCores: number | null, arch: string = process.arch): MachinePeak {
  const { isa, lanes } = vectorWidth(cpu.flags, arch);
  const wide = lanes >= 8;
  const hasFma = cpu.flags.includes('fma') || cpu.flags.includes('asimd');
  // A flag cannot tell how many FMA ports a core has: Intel server cores since Haswell and AMD since Zen 2 have two
  // (Xeon Silver/Bronze AVX-512 and small cores have one). Without FMA, separate multiply and add units give the
  // same two operations per lane per cycle as one FMA unit.
  const fmaUnits = hasFma && wide ? 2 : 1;
  const cores = Math.max(1, Math.min(cpu.cores, physicalCores ?? cpu.cores));
  const gflopsPerSec = cpu.mhz ? (cores * (cpu.mhz / 1000) * fmaUnits * lanes * 2) : null;
  const coreText =
    physicalCores !== null && physicalCores < cpu.cores
      ? `${cores} physical cores (of ${cpu.cores} logical: hyper-threads share a core's vector units)`
      : `${cores} cores`;
  const clockText = cpu.mhz ? `${(cpu.mhz / 1000).toFixed(2)} GHz (cpu MHz in /proc/cpuinfo: base or current clock, not turbo)` : 'unknown clock';
  const fmaText = hasFma
    ? `${fmaUnits} FMA unit${fmaUnits === 1 ? '' : 's'} per core (assumed: the flags show FMA but not how many units)`
    : '1 multiply and 1 add unit per core (no fma flag)';
  const derivation = `${coreText} × ${clockText} × ${fmaText} × ${lanes} fp32 lanes (${isa}) × 2 FLOPs per FMA${
    gflopsPerSec === null ? ': no clock, so no peak' : ` = ${gflopsPerSec.toFixed(1)} GFLOP/s`
  }`;
  return {
    cpuModel: cpu.model,
    logicalCores: cpu.cores,
    physicalCores,
    cores,
    mhz: cpu.mhz,
    vectorIsa: isa,
    vectorLanes: lanes,
    fmaUnits,
    gflopsPerSec,
    derivation,
  };
}

/** This machine's fp32 peak (readCpuInfo plus the core topology in /proc/cpuinfo). */
export function machinePeak(): MachinePeak {
  let physical: number | null = null;
  try {
    physical = physicalCoresOf(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // Not Linux, or not readable: count logical cores.
  }
  return machinePeakOf(readCpuInfo(), physical);
}
