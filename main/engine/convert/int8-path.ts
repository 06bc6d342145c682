/**
 * Whether int8 weights should use 7 bits (reduce_range). On x86 CPUs without an 8-bit dot-product instruction,
 * ONNX Runtime's U8S8 kernels multiply with AVX2's vpmaddubsw, whose int16 intermediate sums saturate when two
 * products of full-range uint8 × int8 values are added; 7-bit weights keep those sums in range. With AVX-VNNI,
 * AVX512-VNNI or AMX-INT8 (or Arm's dot product) the products are accumulated in int32 and 8 bits are safe.
 */
import { hasInt8DotProduct } from '../env/cpu-info.js';

export interface Int8Path {
  reduceRange: boolean;
  reason: string;
}

/** Picks reduce_range from the CPU flags unless the user chose; a pure function of its arguments. */
export function chooseInt8Path(cpuFlags: readonly string[], userChoice: boolean | null, weightType: 'int8' | 'uint8'): Int8Path {
  if (userChoice !== null) {
    return { reduceRange: userChoice, reason: `set by the user (--${userChoice ? '' : 'no-'}reduce-range)` };
  }
  const dot = cpuFlags.filter((f) => ['avx_vnni', 'avx512_vnni', 'amx_int8', 'asimddp', 'dotprod'].includes(f));
  if (hasInt8DotProduct(cpuFlags)) {
    return { reduceRange: false, reason: `8-bit weights: this CPU has an int8 dot-product instruction (${dot.join(', ')}), so ONNX Runtime's int8 kernels accumulate in int32 without saturating` };
  }
  if (weightType === 'uint8') {
    return { reduceRange: false, reason: '8-bit weights: uint8 weights use the U8U8 kernels, which do not saturate on AVX2' };
  }
  const simd = cpuFlags.includes('avx2') ? 'AVX2' : cpuFlags.includes('neon') || cpuFlags.includes('asimd') ? 'NEON without dot product' : 'no int8 dot-product instruction';
  return {
    reduceRange: true,
    reason: `7-bit weights (reduce_range): this CPU has ${simd} but no AVX-VNNI/AVX512-VNNI/AMX-INT8, where ONNX Runtime's U8S8 kernels can saturate with full 8-bit weights`,
  };
}
