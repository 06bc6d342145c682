/** The catalog and the way users name perturbations, severities and seeds. */
import { describe, expect, it } from 'vitest';
import {
  PERTURBATIONS,
  PERTURBATION_NAMES,
  parsePerturbationList,
  parseSeed,
  parseSeverities,
  perturbationInfo,
} from '../../../shared/perturbations/index.js';

describe('perturbation catalog', () => {
  it('holds ImageNet-C\'s 15 and 4 extra corruptions plus three occlusions, each with five severities', () => {
    expect(PERTURBATION_NAMES.slice(0, 15)).toEqual([
      'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
      'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
    ]);
    expect(PERTURBATION_NAMES.slice(15, 19)).toEqual(['speckle_noise', 'gaussian_blur', 'spatter', 'saturate']);
    expect(PERTURBATION_NAMES.slice(19)).toEqual(['occlusion_patch', 'occlusion_grid', 'occlusion_branches']);
    for (const name of PERTURBATION_NAMES) {
      const info = perturbationInfo(name);
      expect(info.name).toBe(name);
      expect(info.severities).toHaveLength(5);
      const keys = Object.keys(info.parameters).sort();
      for (const level of info.severities) expect(Object.keys(level).sort()).toEqual(keys);
      for (const key of info.scaledParameters) expect(keys).toContain(key);
      expect(info.severityMeaning.length).toBeGreaterThan(5);
    }
  });

  it('carries the published parameters', () => {
    expect(PERTURBATIONS.fog.severities.map((s) => [s.amount, s.decay])).toEqual([[1.5, 2], [2, 2], [2.5, 1.7], [2.5, 1.5], [3, 1.4]]);
    expect(PERTURBATIONS.gaussian_noise.severities.map((s) => s.std)).toEqual([0.08, 0.12, 0.18, 0.26, 0.38]);
    expect(PERTURBATIONS.jpeg_compression.severities.map((s) => s.quality)).toEqual([25, 18, 15, 10, 7]);
    expect(PERTURBATIONS.occlusion_patch.severities.map((s) => s.coverage)).toEqual([0.05, 0.1, 0.2, 0.3, 0.4]);
    // np.arange(1, 1.11, 0.01) has 12 values (its float end point included), as ImageNet-C ran it.
    expect(PERTURBATIONS.zoom_blur.severities.map((s) => s.count)).toEqual([12, 16, 11, 13, 11]);
  });
});

describe('parsing what users type', () => {
  it('reads perturbation lists and "all"', () => {
    expect(parsePerturbationList('fog, occlusion_branches')).toEqual({ ok: true, value: ['fog', 'occlusion_branches'] });
    expect(parsePerturbationList('fog,fog')).toEqual({ ok: true, value: ['fog'] });
    expect(parsePerturbationList('all')).toEqual({ ok: true, value: PERTURBATION_NAMES });
    const bad = parsePerturbationList('fog,mist');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problem.message).toBe('Unknown perturbation "mist".');
      for (const name of PERTURBATION_NAMES) expect(bad.problem.hint).toContain(name);
    }
    expect(parsePerturbationList(' , ').ok).toBe(false);
  });

  it('reads a level, a range or a list of severities', () => {
    expect(parseSeverities('3')).toEqual({ ok: true, value: [3] });
    expect(parseSeverities('1-5')).toEqual({ ok: true, value: [1, 2, 3, 4, 5] });
    expect(parseSeverities('2 - 4')).toEqual({ ok: true, value: [2, 3, 4] });
    expect(parseSeverities('5,1,3')).toEqual({ ok: true, value: [1, 3, 5] });
    for (const bad of ['0', '6', '1-6', '4-2', '2.5', 'x', '', '-1']) expect(parseSeverities(bad).ok, bad).toBe(false);
  });

  it('reads seeds from 0 to 2^32 − 1', () => {
    expect(parseSeed('0')).toEqual({ ok: true, value: 0 });
    expect(parseSeed('4294967295')).toEqual({ ok: true, value: 4294967295 });
    for (const bad of ['-1', '4294967296', '1.5', 'abc']) expect(parseSeed(bad).ok, bad).toBe(false);
  });
});
