import { describe, expect, it } from 'vitest';
import { FLOAT16_MAX, fromFloat16Array, fromFloat16Bits, toFloat16Array, toFloat16Bits } from '../../../main/engine/onnx/index.js';

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

describe('float16 → float32', () => {
  it('decodes the landmark bit patterns', () => {
    const bits = Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x3555);
    const values = fromFloat16Array(bits);
    expect([...values.subarray(0, 9)]).toEqual([1, -2, 65504, 2 ** -14, 2 ** -24, 0, -0, Infinity, -Infinity]);
    expect(Object.is(values[6], -0)).toBe(true);
    expect(Number.isNaN(values[9])).toBe(true);
    expect(values[10]).toBe(0.333251953125); // nearest float16 to 1/3
  });

  it('decodes every bit pattern as the scalar decoder does, and back to the same bits', () => {
    const all = Uint16Array.from({ length: 0x10000 }, (_, h) => h);
    const values = fromFloat16Array(all);
    const wrong: number[] = [];
    let nans = 0;
    for (let h = 0; h < 0x10000; h++) {
      const scalar = fromFloat16Bits(h);
      if (Number.isNaN(scalar)) {
        nans++;
        if (!Number.isNaN(values[h])) wrong.push(h);
      } else if (!Object.is(values[h], scalar) || toFloat16Bits(values[h]!) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
    expect(nans).toBe(2 * 1023); // exponent 31 with a non-zero fraction, both signs
  });
});
