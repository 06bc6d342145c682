import { describe, expect, it } from 'vitest';
import { baseName, dirName, joinPath, separatorOf, slugOf, stemOf, tailOf } from '../../renderer/src/format/paths.js';
import { bytes, compact, duration, percent, pointsDelta, probability, ratio } from '../../renderer/src/format/numbers.js';
import { progressText } from '../../renderer/src/components/progress-text.js';
import { parseRoute, hrefOf } from '../../renderer/src/app/routes.js';

describe('host paths', () => {
  it('splits and joins POSIX and Windows paths with their own separator', () => {
    expect(baseName('/data/models/cls.onnx')).toBe('cls.onnx');
    expect(baseName('C:\\Users\\me\\cls.onnx')).toBe('cls.onnx');
    expect(dirName('/data/models/cls.onnx')).toBe('/data/models');
    expect(dirName('/cls.onnx')).toBe('/');
    expect(stemOf('/a/cls.int8.onnx')).toBe('cls.int8');
    expect(separatorOf('C:\\data')).toBe('\\');
    expect(joinPath('C:\\data\\images', '0/line-000.png')).toBe('C:\\data\\images\\0\\line-000.png');
    expect(joinPath('/data/images/', '180/x.png')).toBe('/data/images/180/x.png');
    expect(slugOf('cls vs cls (int8)!')).toBe('cls-vs-cls-int8');
  });
});

describe('figures', () => {
  it('writes percentages, deltas, sizes, durations and ratios as the app shows them', () => {
    expect(percent(0.98765)).toBe('98.77%');
    expect(percent(null)).toBe('—');
    expect(pointsDelta(-0.005)).toBe('−0.50 pp');
    expect(pointsDelta(0)).toBe('±0.00 pp');
    expect(bytes(578966)).toBe('565 KiB');
    expect(bytes(201_000)).toBe('196 KiB');
    expect(bytes(3.5 * 1024 ** 3)).toBe('3.50 GiB');
    expect(duration(850)).toBe('850 ms');
    expect(duration(12_340)).toBe('12.3 s');
    expect(duration(245_000)).toBe('4 min 05 s');
    expect(duration(3_725_000)).toBe('1 h 02 min');
    expect(ratio(0.3512)).toBe('0.35×');
    expect(compact(0)).toBe('0');
    expect(compact(3.2e-7)).toBe('3.20e-7');
    expect(compact(0.012345)).toBe('0.0123');
    expect(compact(Infinity)).toBe('∞');
    expect(probability(0.0004)).toBe('<0.1%');
  });

  it('describes job progress with stage, count and ETA, leaving out what is unknown', () => {
    expect(progressText(null)).toBe('waiting to start');
    expect(progressText({ stage: 'comparing', done: 120, total: 1200, etaMs: 65_000 })).toBe('comparing · 120 / 1,200 · about 1 min 05 s left');
    expect(progressText({ stage: 'listing images', done: 0, total: null, etaMs: null })).toBe('listing images');
    expect(progressText({ stage: 'comparing', done: 1200, total: 1200, etaMs: 0 })).toBe('comparing · 1,200 / 1,200');
  });
});

describe('routes', () => {
  it('round-trips screens and run ids through the hash', () => {
    expect(parseRoute('')).toEqual({ screen: 'start', runId: null });
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'start', runId: null });
    const href = hrefOf({ screen: 'results', runId: '20260128-1430 cls vs int8' });
    expect(parseRoute(href)).toEqual({ screen: 'results', runId: '20260128-1430 cls vs int8' });
  });
});

describe('path tails', () => {
  it('keeps the last folders of POSIX and Windows paths', () => {
    expect(tailOf('/work/main/samples/orientation/images')).toBe('orientation/images');
    expect(tailOf('C:\\data\\set\\images\\')).toBe('set/images');
    expect(tailOf('images', 3)).toBe('images');
  });
});
