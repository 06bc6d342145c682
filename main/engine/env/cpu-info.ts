import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU feature flags that decide which inference kernels ONNX Runtime can use. */
const RELEVANT_FLAG = /^(avx|avx2|fma|f16c|avx512\w*|avx_vnni\w*|amx\w*|sse4_1|sse4_2|neon|asimd\w*|sve\w*|i8mm|bf16|dotprod)$/;

export interface CpuInfo {
  model: string;
  cores: number;
  flags: string[];
  mhz: number | null;
}

/** Reads the CPU model, logical cores and inference-relevant flags (from /proc/cpuinfo on Linux). */
export function readCpuInfo(): CpuInfo {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const cores = os.availableParallelism();
  let flags: string[] = [];
  let mhz: number | null = cpus[0]?.speed ? cpus[0].speed : null;
  if (process.platform === 'linux') {
    try {
      const text = readFileSync('/proc/cpuinfo', 'utf8');
      const line = text.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
      if (line) flags = line.split(':')[1]!.trim().split(/\s+/).filter((f) => RELEVANT_FLAG.test(f));
      const mhzLine = text.split('\n').find((l) => /^cpu MHz\s*:/.test(l));
      if (mhzLine) mhz = Number(mhzLine.split(':')[1]) || mhz;
    } catch {
      // Not readable (sandbox): leave the flags empty rather than guess.
    }
  }
  return { model, cores, flags: [...new Set(flags)].sort(), mhz };
}

/** True when the CPU has an 8-bit dot-product instruction (AVX-VNNI, AVX512-VNNI, AMX-INT8 or Arm dotprod). */
export function hasInt8DotProduct(flags: readonly string[]): boolean {
  return flags.some((f) => f === 'avx_vnni' || f === 'avx512_vnni' || f === 'amx_int8' || f === 'asimddp' || f === 'dotprod');
}
