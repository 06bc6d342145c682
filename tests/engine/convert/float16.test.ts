import { describe, expect, it } from 'vitest';
import { FLOAT16_MAX, fromFloat16Bits, toFloat16Array, toFloat16Bits } from '../../../main/engine/convert/float16.js';

describe('float32 → float16', () => {
  it('maps every finite float16 value back to its own bits', () => {
    for (let h = 0; h < 0x10000; h++) {
      const exp = (h >> 10) & 0x1f;
      if (exp === 31) continue;
      const back = toFloat16Bits(fromFloat16Bits(h));
      // +0 and -0 keep their sign bit.
      expect(back).toBe(h);
    }
  });

  it('rounds halfway cases to the even neighbour and keeps subnormals', () => {
    const one = 0x3c00;
    const ulp = 2 ** -10;
    expect(toFloat16Bits(1 + ulp / 2)).toBe(one); // tie → even (1.0)
    expect(toFloat16Bits(1 + (3 * ulp) / 2)).toBe(one + 2); // tie → even (1 + 2 ulp)
    expect(toFloat16Bits(1 + ulp * 0.51)).toBe(one + 1);
    expect(toFloat16Bits(2 ** -24)).toBe(1); // smallest subnormal
    expect(toFloat16Bits(2 ** -25)).toBe(0); // half of it: tie → 0 (even)
    expect(toFloat16Bits(1.5 * 2 ** -25)).toBe(1);
    expect(toFloat16Bits(65520)).toBe(0x7c00); // rounds up to Inf without clamping
  });

  it('clamps to ±65504 and counts clamped and flushed values', () => {
    const result = toFloat16Array(Float32Array.of(1e6, -70000, 1e-9, -1e-9, 0, 0.5, Infinity, NaN));
    expect(fromFloat16Bits(result.bits[0]!)).toBe(FLOAT16_MAX);
    expect(fromFloat16Bits(result.bits[1]!)).toBe(-FLOAT16_MAX);
    expect(result.clamped).toBe(2);
    expect(result.flushed).toBe(2);
    expect(fromFloat16Bits(result.bits[5]!)).toBe(0.5);
    expect(fromFloat16Bits(result.bits[6]!)).toBe(Infinity);
    expect(Number.isNaN(fromFloat16Bits(result.bits[7]!))).toBe(true);
  });
});
