/**
 * When the channel guard keeps two or more float islands, the conversion weighs all of them and each promising one
 * alone against the latency it costs on this CPU, and keeps the file whose output error removed exceeds its price by most
 * (qdq/guard-island-price.ts). Timings depend on the machine, so the tests read the figures the note prints, check that
 * the choice follows from them by the rule, and that the file written is the one the note describes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversionManifest } from '../../../shared/report/conversion-manifest.js';
import { errorPercent, GUARD_FREE_SLOWDOWN, GUARD_POINTS_PER_TENTH, guardNet } from '../../../main/engine/convert/qdq/guard-check.js';
import { writeModel } from '../../../main/engine/onnx/index.js';
import { locateDetector } from '../../../main/engine/samples/index.js';
import { removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert, TINY_PREPROCESS, twoQuietChannels, writeImages } from './helpers.js';

const SLOW = 600_000;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('guard-island-price');
});
afterAll(removeTempDirs);

interface Weighed {
  label: string;
  gain: number;
  /** Output error power (percent of the outputs'), fully integer and with this option's islands, as printed. */
  errorWithout: number;
  errorWith: number;
  slowdown: number;
}

interface IslandVerdict {
  choice: 'none' | 'whole' | 'island';
  options: Weighed[];
  /** The tensors of the island that stays alone (choice 'island'). */
  tensors: string[];
  /** Medians of the fully integer file and the float model (ms). */
  integerMs: number;
  floatMs: number;
}

/** Reads the island-pricing sentence of a guard note; fails the test when the conversion did not weigh the islands. */
function islandVerdictOf(note: string | undefined): IslandVerdict {
  expect(note).toBeDefined();
  const head = /On this CPU (no float island pays for its latency|the guard's islands pay for their latency together better than any one alone|.+? alone pays for its latency best) \((.+?); against (\d+(?:\.\d+)?) ms fully integer and (\d+(?:\.\d+)?) ms for the float model, median of (\d+) interleaved runs/.exec(note!);
  expect(head, note).not.toBeNull();
  expect(Number(head![5])).toBeGreaterThanOrEqual(3);
  const options = [...head![2]!.matchAll(/(all \d+ islands|the island of .+? alone) (-?\d+\.\d) dB \(error (\d+(?:\.\d+)?(?:e-?\d+)?)% → (\d+(?:\.\d+)?(?:e-?\d+)?)%\) for ([+−])(\d+)%/g)].map((m) => ({
    label: m[1]!,
    gain: Number(m[2]),
    errorWithout: Number(m[3]),
    errorWith: Number(m[4]),
    slowdown: 1 + (m[5] === '−' ? -1 : 1) * (Number(m[6]) / 100),
  }));
  expect(options[0]?.label, note).toMatch(/^all \d+ islands$/);
  const choice = head![1]!.startsWith('no float') ? 'none' : head![1]!.startsWith("the guard's") ? 'whole' : 'island';
  const tensors = choice === 'island' ? /it stays float32 \(([^)]+)\) and the other islands are quantized/.exec(note!)![1]!.split(', ') : [];
  return { choice, options, tensors, integerMs: Number(head![3]), floatMs: Number(head![4]) };
}

/**
 * The choice follows from the printed figures: no option the rule allows has a clearly larger net gain (output error
 * removed minus 1 point per 10% of latency) than the one kept, and 'none' only when no option is clearly allowed. An
 * option is refused when its net gain is negative or when it makes the file slower than the float model while the
 * integer file is faster (each by 5%).
 */
function expectChoiceFollowsRule(v: IslandVerdict): void {
  // Errors print to 3 significant digits and slowdowns to 1%, i.e. 0.1 point of price: a net within 0.2 point (plus
  // the errors' rounding) of another is a tie, and a latency within 2% of the 5% band is on it.
  const slack = 0.2 + 0.01 * Math.max(...v.options.map((o) => o.errorWithout));
  const net = v.options.map((o) => netOf(o));
  const slowerThanFloat = (o: Weighed, margin: number): boolean => o.slowdown * v.integerMs >= v.floatMs * (GUARD_FREE_SLOWDOWN + margin) && v.integerMs * GUARD_FREE_SLOWDOWN <= v.floatMs * (1 - margin);
  const clearlyAllowed = v.options.map((o, k) => net[k]! > slack && !slowerThanFloat(o, -0.02));
  if (v.choice === 'none') {
    expect(clearlyAllowed, JSON.stringify(v)).not.toContain(true);
    return;
  }
  const chosen = v.choice === 'whole' ? 0 : v.options.findIndex((o) => o.label.startsWith(`the island of ${v.tensors[0]}`));
  expect(chosen, JSON.stringify(v)).toBeGreaterThanOrEqual(0);
  expect(net[chosen]!).toBeGreaterThan(-slack);
  expect(slowerThanFloat(v.options[chosen]!, 0.02), JSON.stringify(v)).toBe(false);
  for (const [k, n] of net.entries()) if (clearlyAllowed[k]) expect(n, JSON.stringify(v)).toBeLessThanOrEqual(net[chosen]! + slack);
}

/** An option's net gain from its printed figures (free under the band, 1 point per 10% of latency beyond it). */
function netOf(o: Weighed): number {
  const gain = o.errorWithout - o.errorWith;
  return o.slowdown < GUARD_FREE_SLOWDOWN ? gain : gain - GUARD_POINTS_PER_TENTH * Math.max(0, o.slowdown - 1) * 10;
}

function floatNodes(m: ConversionManifest): string[] {
  return m.nodes.excluded.map((e) => e.name);
}

describe('weighing the channel guard island by island against its latency', () => {
  it('nets the output error removed against price: 1 point of the outputs\' power per 10% of latency, under 5% free', () => {
    expect(GUARD_POINTS_PER_TENTH).toBe(1);
    expect(GUARD_FREE_SLOWDOWN).toBe(1.05);
    // AMD EPYC, AVX-512 VNNI: the PaddleOCR detector's 3 islands and its best one alone (fully integer at 8.6 dB).
    expect(guardNet(8.6, 16.1, 1.38)).toBeCloseTo(errorPercent(8.6) - errorPercent(16.1) - 3.8, 9);
    expect(guardNet(8.6, 16.1, 1.38)).toBeGreaterThan(guardNet(8.6, 13.9, 1.31));
    // ImageNet MobileNetV2 (fully integer at 19.6 dB): neither all its islands nor the best one alone pays.
    expect(guardNet(19.6, 21.9, 1.13)).toBeLessThan(0);
    expect(guardNet(19.6, 20.7, 1.08)).toBeLessThan(0);
    expect(guardNet(19.6, 20.7, GUARD_FREE_SLOWDOWN - 0.01)).toBeCloseTo(errorPercent(19.6) - errorPercent(20.7), 9);
    expect(guardNet(8.6, 16.1, 0.9)).toBeCloseTo(errorPercent(8.6) - errorPercent(16.1), 9); // faster: no price, no bonus
  });

  it('two islands that are both needed: all of them and each alone are timed, and the file written is the one chosen', async () => {
    const images = path.join(dir, 'images');
    mkdirSync(images, { recursive: true });
    await writeImages(images, 12);
    const model = path.join(dir, 'two-needed.onnx');
    await writeModel(twoQuietChannels([0.001, 1000]), model);
    const m = (await convert({ model, recipe: 'int8-static', preprocess: TINY_PREPROCESS, calib: images, equalize: false, output: path.join(dir, 'two-needed.int8.onnx') })).manifest;
    const note = m.notes.find((n) => n.startsWith('Channel guard'));
    expect(note).toMatch(/— kept\./);
    expect(note).toMatch(/Each of the guard's 2 float island\(s\) is needed/);
    const v = islandVerdictOf(note);
    // Each branch's island alone saves one of the two outputs: both buy well over 0.5 dB and are timed.
    expect(v.options.map((o) => o.label)).toEqual(['all 2 islands', expect.stringMatching(/^the island of t[ab] alone$/), expect.stringMatching(/^the island of t[ab] alone$/)]);
    expect(v.options[0]!.gain).toBeGreaterThan(Math.max(v.options[1]!.gain, v.options[2]!.gain));
    expectChoiceFollowsRule(v);
    const kept = floatNodes(m);
    if (v.choice === 'whole') expect(kept).toEqual(expect.arrayContaining(['read_a', 'read_b']));
    if (v.choice === 'none') expect(kept.filter((n) => n.startsWith('read_'))).toEqual([]);
    if (v.choice === 'island') expect(kept.filter((n) => n.startsWith('read_'))).toEqual([`read_${v.tensors[0]!.slice(1)}`]);
  }, SLOW);

  it('PaddleOCR detector: its islands are weighed together and alone, and the islands written follow the verdict', async () => {
    const det = locateDetector();
    const m = (await convert({ model: det.modelPath, recipe: 'int8-static', output: path.join(dir, 'det.int8.onnx'), preprocess: det.preprocess, calib: det.imagesDir, calibSize: 16 })).manifest;
    const note = m.notes.find((n) => n.startsWith('Channel guard'));
    console.log(note);
    expect(note).toMatch(/— kept\./);
    const v = islandVerdictOf(note);
    expect(v.options.length).toBeGreaterThanOrEqual(2);
    expectChoiceFollowsRule(v);
    if (v.choice === 'none') expect(m.fusion?.floatIslands).toEqual([]);
    else expect(m.fusion!.floatIslands.length).toBeGreaterThan(0);
  }, SLOW);
});
