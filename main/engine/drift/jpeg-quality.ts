/**
 * Estimates the quality a JPEG file was saved at from its luminance quantisation table: the IJG quality (1–100)
 * whose scaling of the standard table (ITU-T T.81 Annex K) comes closest. Reads markers only, no pixels.
 */

/** Annex K luminance table in zig-zag order (the order DQT segments store). */
const ANNEX_K_LUMA_ZIGZAG = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72,
  92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
];

/** The luminance quantisation table (64 values, zig-zag order) of a JPEG file, or null when there is none. */
export function jpegLumaTable(bytes: Uint8Array): number[] | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let first: number[] | null = null;
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return first;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return first;
    const length = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length) return first;
    if (marker === 0xdb) {
      let p = pos + 4;
      while (p < end) {
        const precision = bytes[p]! >> 4;
        const id = bytes[p]! & 0x0f;
        const size = precision === 0 ? 64 : 128;
        if (p + 1 + size > end) break;
        const table: number[] = [];
        for (let k = 0; k < 64; k++) table.push(precision === 0 ? bytes[p + 1 + k]! : (bytes[p + 1 + 2 * k]! << 8) | bytes[p + 2 + 2 * k]!);
        if (id === 0) return table;
        first ??= table;
        p += 1 + size;
      }
    }
    pos = end;
  }
  return first;
}

/** The IJG quality 1–100 that best explains a luminance table (ties go to the higher quality). */
export function qualityOfTable(table: readonly number[]): number {
  let best = 100;
  let bestError = Infinity;
  // Baseline (8-bit) tables are clamped to 255, as libjpeg does with force_baseline.
  const ceiling = table.every((v) => v <= 255) ? 255 : 32767;
  for (let q = 100; q >= 1; q--) {
    const scale = q < 50 ? Math.floor(5000 / q) : 200 - 2 * q;
    let error = 0;
    for (let k = 0; k < 64; k++) {
      const expected = Math.min(ceiling, Math.max(1, Math.floor((ANNEX_K_LUMA_ZIGZAG[k]! * scale + 50) / 100)));
      error += Math.abs(expected - table[k]!);
    }
    if (error < bestError) {
      bestError = error;
      best = q;
    }
  }
  return best;
}

/** The estimated quality of a JPEG file's bytes, or null when they hold no quantisation table. */
export function estimateJpegQuality(bytes: Uint8Array): number | null {
  const table = jpegLumaTable(bytes);
  return table ? qualityOfTable(table) : null;
}
