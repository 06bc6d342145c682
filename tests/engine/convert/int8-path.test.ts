import { describe, expect, it } from 'vitest';
import { chooseInt8Path } from '../../../main/engine/convert/int8-path.js';

describe('int8 kernel path from the CPU flags', () => {
  it('keeps 8-bit weights on CPUs with an int8 dot product (VNNI, AMX, Arm dotprod)', () => {
    for (const flag of ['avx512_vnni', 'avx_vnni', 'amx_int8', 'asimddp']) {
      const path = chooseInt8Path(['avx2', 'fma', flag], null, 'int8');
      expect(path.reduceRange).toBe(false);
      expect(path.reason).toContain(flag);
    }
  });

  it('uses 7-bit weights on AVX2 without VNNI, where U8S8 saturates', () => {
    const path = chooseInt8Path(['avx', 'avx2', 'fma', 'f16c'], null, 'int8');
    expect(path.reduceRange).toBe(true);
    expect(path.reason).toMatch(/AVX2/);
  });

  it('keeps 8 bits for uint8 weights (U8U8) and always follows an explicit choice', () => {
    expect(chooseInt8Path(['avx2'], null, 'uint8').reduceRange).toBe(false);
    expect(chooseInt8Path(['avx512_vnni'], true, 'int8')).toMatchObject({ reduceRange: true, reason: expect.stringContaining('user') });
    expect(chooseInt8Path(['avx2'], false, 'int8').reduceRange).toBe(false);
  });
});
