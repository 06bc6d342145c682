import { describe, expect, it } from 'vitest';
import { runSlug } from '../../shared/run-slug.js';

describe('run folder slugs (and so exported file names)', () => {
  it('keeps the candidate\'s own part whole instead of cutting it mid-word', () => {
    // Issue 14: "…-vs-mobilenetv2-1.0-224-dequ.html" lost the variant.
    expect(runSlug('mobilenetv2-1.0-224', 'mobilenetv2-1.0-224-dequantized-int8-static')).toBe('mobilenetv2-1.0-224-vs-dequantized-int8-static');
    expect(runSlug('mobilenet_v2_1.0_224', 'mobilenet_v2_1.0_224.int8-static')).toBe('mobilenet_v2_1.0_224-vs-int8-static');
    expect(runSlug('cls', 'other-model')).toBe('cls-vs-other-model');
  });

  it('stays within 60 characters, cutting the reference at a word boundary first', () => {
    const slug = runSlug('efficientnet_lite4_imagenet_1k_fp32_tensorflow_export_2023_q4', 'resnet50_v1_5_torchvision_fp16');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-vs-resnet50_v1_5_torchvision_fp16')).toBe(true);
    expect(slug.startsWith('efficientnet_lite4')).toBe(true);
    expect(slug).not.toMatch(/[-_.]-vs-/);
  });
});
