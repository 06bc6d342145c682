/**
 * The pseudo-random source of every perturbation: sfc32 (Chris Doty-Humphrey's small fast counter generator),
 * seeded from a SHA-256 digest so that each (seed, perturbation, severity, image) gets an independent stream that
 * is the same on every machine and Node version (Math.random is neither seedable nor portable).
 */
import { createHash } from 'node:crypto';

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** Seeds from four 32-bit words; prefer Rng.fromKey. */
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // The first outputs of a fresh sfc32 state are poorly mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A generator whose stream is determined by `key` alone. */
  static fromKey(key: string): Rng {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    return new Rng(digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12));
  }

  /** An independent generator derived from this one and a label (for layers drawn in a different order). */
  fork(label: string): Rng {
    return Rng.fromKey(`${label}|${this.nextUint32()}|${this.nextUint32()}`);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A uniform integer in [lo, hi) (hi > lo). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo));
  }

  /** Standard normal (Marsaglia's polar method, both values of each pair used). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = this.uniform() * 2 - 1;
      const v = this.uniform() * 2 - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * m;
      return u * m;
    }
  }

  /** Fills `out` with normal values of the given mean and standard deviation. */
  fillNormal(out: Float32Array, mean: number, std: number): Float32Array {
    const n = out.length;
    let i = 0;
    while (i + 1 < n) {
      const u = this.uniform() * 2 - 1;
      const v = this.uniform() * 2 - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const m = std * Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = mean + u * m;
      out[i++] = mean + v * m;
    }
    if (i < n) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fills `out` with uniform values in [lo, hi). */
  fillUniform(out: Float32Array, lo: number, hi: number): Float32Array {
    const span = (hi - lo) / TWO_POW_32;
    for (let i = 0; i < out.length; i++) out[i] = lo + span * this.nextUint32();
    return out;
  }
}
