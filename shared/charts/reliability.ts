/**
 * Confidence: how well each model's top-1 probability predicts that its top-1 is right, on labelled images. A
 * reliability diagram (accuracy per confidence bin against the diagonal) and the expected calibration error,
 * ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b| over equal-width bins (Guo et al., 2017).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ParityReport } from '../report/report.js';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { MODEL_ROLES, modelColorEncoding, type ModelRole } from './theme.js';

export interface ReliabilityBin {
  model: ModelRole;
  /** Lower edge of the bin; the bin is [lo, lo + 1/bins), the last one closed. */
  lo: number;
  hi: number;
  /** Labelled images whose top-1 probability falls in the bin. */
  n: number;
  /** Mean top-1 probability of those images. */
  confidence: number;
  /** Share of them whose top-1 is the label. */
  accuracy: number;
}

export interface Reliability {
  bins: ReliabilityBin[];
  /** Expected calibration error per model (0 = perfectly calibrated). */
  ece: Record<ModelRole, number>;
  /** Labelled images with a classification output. */
  images: number;
}

/** Reliability bins and ECE of both models over the labelled images, or null when no image is scored. */
export function reliabilityOf(report: ParityReport, bins = 10): Reliability | null {
  const sums = Object.fromEntries(MODEL_ROLES.map((m) => [m, Array.from({ length: bins }, () => ({ n: 0, conf: 0, right: 0 }))])) as Record<
    ModelRole,
    Array<{ n: number; conf: number; right: number }>
  >;
  let images = 0;
  for (const r of report.perImage) {
    const scored = { reference: r.referenceCorrect, candidate: r.candidateCorrect };
    const top = { reference: r.reference.topK[0], candidate: r.candidate.topK[0] };
    if (scored.reference === null || scored.candidate === null || !top.reference || !top.candidate) continue;
    images++;
    for (const model of MODEL_ROLES) {
      const p = Math.min(1, Math.max(0, top[model]!.prob));
      const bin = sums[model][Math.min(bins - 1, Math.floor(p * bins))]!;
      bin.n++;
      bin.conf += p;
      if (scored[model]) bin.right++;
    }
  }
  if (images === 0) return null;
  const out: ReliabilityBin[] = [];
  const ece = { reference: 0, candidate: 0 } as Record<ModelRole, number>;
  for (const model of MODEL_ROLES) {
    sums[model].forEach((b, i) => {
      if (b.n === 0) return;
      const confidence = b.conf / b.n;
      const accuracy = b.right / b.n;
      ece[model] += (b.n / images) * Math.abs(accuracy - confidence);
      out.push({ model, lo: i / bins, hi: (i + 1) / bins, n: b.n, confidence, accuracy });
    });
  }
  return { bins: out, ece, images };
}

/** Vega-Lite reliability diagram: accuracy against mean confidence per bin for both models, with the diagonal. */
export function reliabilitySpec(reliability: Reliability, options: ChartOptions = {}): TopLevelSpec {
  const ece = (m: ModelRole): string => reliability.ece[m].toFixed(3);
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Reliability', `ECE reference ${ece('reference')} · candidate ${ece('candidate')} · ${reliability.images} labelled images`),
    width: options.width ?? 260,
    height: options.height ?? 240,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#9aa3ae', strokeWidth: 1 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: reliability.bins.map((b) => ({ ...b })) },
        encoding: {
          x: { field: 'confidence', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'top-1 probability (mean per bin)' } },
          y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'accuracy' } },
          color: modelColorEncoding({ orient: 'top' }),
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'lo', type: 'quantitative', format: '.0%', title: 'bin from' },
            { field: 'hi', type: 'quantitative', format: '.0%', title: 'bin to' },
            { field: 'n', type: 'quantitative', title: 'images' },
            { field: 'confidence', type: 'quantitative', format: '.1%' },
            { field: 'accuracy', type: 'quantitative', format: '.1%' },
          ],
        },
        layer: [{ mark: { type: 'line', strokeWidth: 1.5 } }, { mark: { type: 'point', filled: true }, encoding: { size: { field: 'n', type: 'quantitative', legend: null, scale: { range: [20, 160] } } } }],
      },
    ],
  };
}
