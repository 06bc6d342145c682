/**
 * Fuzz: mutated real JPEG, PNG and WebP files (flipped bytes, truncations, spliced garbage, patched header
 * sizes) must either decode to a valid RGB image or be refused with a BAD_IMAGE ParityError — never crash the
 * process, never hang, never return a malformed image.
 */
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import { decodeFitted, decodeImage } from '../../../main/engine/images/index.js';
import { SAMPLE } from '../../helpers/cli.js';

const seeds: Record<string, Buffer> = {};

beforeAll(async () => {
  const line = path.join(SAMPLE.images, '0', 'line-003.png');
  seeds.png = await sharp(line).png().toBuffer();
  seeds.jpeg = await sharp(line).jpeg({ quality: 80 }).toBuffer();
  seeds.webp = await sharp(line).webp({ quality: 70 }).toBuffer();
});

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'splice'; at: number; bytes: Uint8Array }
  | { kind: 'u32'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('u32' as const), at: fc.double({ min: 0, max: 0.2, noNaN: true }), value: fc.oneof(fc.constant(0), fc.constant(0xffffffff), fc.integer({ min: 0, max: 200_000 })) }),
);

function apply(seed: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of mutations) {
    const at = (fraction: number): number => Math.min(bytes.length - 1, Math.floor(fraction * bytes.length));
    switch (m.kind) {
      case 'flip':
        bytes[at(m.at)] = m.value;
        break;
      case 'truncate':
        bytes = bytes.subarray(0, Math.floor(m.keep * bytes.length));
        break;
      case 'splice': {
        const i = at(m.at);
        bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(m.bytes), bytes.subarray(i)]);
        break;
      }
      case 'u32': {
        const i = Math.min(Math.max(0, bytes.length - 4), at(m.at));
        if (bytes.length >= 4) bytes.writeUInt32BE(m.value >>> 0, i);
        break;
      }
    }
  }
  return bytes;
}

const outcomes = { decoded: 0, refused: 0 };

async function decodesOrRefuses(bytes: Buffer): Promise<void> {
  const started = Date.now();
  for (const attempt of [() => decodeImage(bytes, { limitInputPixels: 4_000_000 }), () => decodeFitted(bytes, { resize: 'stretch', width: 96, height: 24 }, { limitInputPixels: 4_000_000 }), () => decodeFitted(bytes, { resize: 'letterbox', width: 64, height: 64 }, { limitInputPixels: 4_000_000 })]) {
    try {
      const image = await attempt();
      expect(image.data.length).toBe(image.width * image.height * 3);
      expect(image.width).toBeGreaterThan(0);
      outcomes.decoded += 1;
    } catch (error) {
      outcomes.refused += 1;
      expect(error).toBeInstanceOf(ParityError);
      expect((error as ParityError).code).toBe('BAD_IMAGE');
    }
  }
  expect(Date.now() - started).toBeLessThan(5000);
}

describe('image decoding under fuzzed input', () => {
  for (const format of ['png', 'jpeg', 'webp'] as const) {
    it(`mutated ${format} files decode or are refused with BAD_IMAGE`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
          await decodesOrRefuses(apply(seeds[format]!, mutations));
        }),
        { numRuns: 150, seed: 20261128 },
      );
      // Both outcomes must occur, or the mutations are not exercising the decoder.
      expect(outcomes.decoded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(100);
      outcomes.decoded = 0;
      outcomes.refused = 0;
    }, 120_000);
  }
});
