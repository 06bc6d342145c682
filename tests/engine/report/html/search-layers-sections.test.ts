/**
 * The report of a searched, quantized variant, end to end on a small classifier built in code: a real search writes
 * the variant with `search` in its manifest, a real comparison of it writes report.json and report.html, and the
 * HTML shows the search (its chart and one row per candidate) in the conversion section and the layerwise section
 * with the figures of the JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema } from '../../../../shared/contract/jobs/compare.js';
import { ConvertParamsSchema } from '../../../../shared/contract/jobs/convert.js';
import { parseGateSpec } from '../../../../shared/gate-spec.js';
import { ParityReportSchema, type ParityReport } from '../../../../shared/report/report.js';
import { convertJob } from '../../../../main/engine/convert/convert-job.js';
import { writeModel } from '../../../../main/engine/onnx/index.js';
import { runComparison } from '../../../../main/engine/parity/compare/run-comparison.js';
import { jobContext, tinyClassifier, TINY_PREPROCESS, writeImages } from '../../convert/helpers.js';
import { removeTempDirs, tempDir } from '../../onnx/model-builders.js';
import { decode, sectionOf, svgsOf } from './html-probe.js';

afterAll(removeTempDirs);
const dir = tempDir('parity-report-search-');
let report: ParityReport;
let html: string;

beforeAll(async () => {
  const model = path.join(dir, 'tiny.onnx');
  await writeModel(tinyClassifier(), model);
  const calib = await writeImages(tempDir('parity-report-search-calib-'), 24);
  const val = await writeImages(tempDir('parity-report-search-val-'), 12);
  const target = 'top1Agreement>=0.9';
  const variant = path.join(dir, 'tiny.int8.onnx');
  await convertJob(
    ConvertParamsSchema.parse({
      model,
      recipe: 'int8-static',
      output: variant,
      calib,
      preprocess: TINY_PREPROCESS,
      search: { target: parseGateSpec(target), targetText: target, val, budgetSeconds: 60 },
    }),
    jobContext(),
  );
  const result = await runComparison(CompareParamsSchema.parse({ reference: model, candidate: variant, images: val, preprocess: TINY_PREPROCESS, runDir: path.join(dir, 'run'), bench: false }), jobContext());
  report = ParityReportSchema.parse(JSON.parse(readFileSync(result.files.json, 'utf8')));
  html = readFileSync(result.files.html, 'utf8');
}, 600_000);

describe('the report of a searched int8 variant', () => {
  it('carries the search in the candidate manifest and the layerwise error', () => {
    const search = report.models.candidate.manifest?.search;
    expect(search?.candidates.length).toBeGreaterThan(1);
    expect(report.layers?.rows.length).toBeGreaterThan(3);
    expect(report.layers?.rows.some((r) => r.quantized)).toBe(true);
  });

  it('shows the search in the conversion section: the speed × metric chart and one row per candidate', () => {
    const search = report.models.candidate.manifest!.search!;
    const conversion = sectionOf(html, 'conversion')!;
    expect(conversion).toContain('id="search"');
    expect(decode(conversion)).toContain(`Search for ${search.targetText}`);
    expect(svgsOf(conversion).some((svg) => decode(svg).includes('Search: speed × top1Agreement'))).toBe(true);
    for (const c of search.candidates) expect(decode(conversion)).toContain(c.label);
    expect(decode(conversion)).toContain(`${search.chosen}</strong> (chosen)`);
    for (const line of search.verdict) expect(decode(conversion)).toContain(line);
  });

  it('shows the layerwise section with the JSON figures, linked from the contents', () => {
    const layers = report.layers!;
    const section = sectionOf(html, 'layers')!;
    expect(html).toContain('<a href="#layers">');
    const text = decode(section);
    expect(text).toContain(`${layers.rows.length} tensors matched by name on ${layers.images} image(s)`);
    const first = layers.rows[0]!;
    expect(text).toContain(first.tensor);
    if (layers.firstBelowFloor === null) expect(text).toContain(`No tensor falls below ${layers.floorDb} dB SQNR.`);
    else expect(text).toContain(`First below ${layers.floorDb} dB: ${layers.rows[layers.firstBelowFloor]!.tensor}`);
    expect(svgsOf(section).some((svg) => decode(svg).includes('Layerwise SQNR'))).toBe(true);
  });
});
