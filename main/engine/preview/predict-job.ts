/**
 * The `predict` job: both models of a run on one image, fed exactly as the run fed them (decodeFitted, the run's
 * perturbation with its seed, toTensor), for the app's image viewer: each model's top-k, and for a dense output
 * the |reference − candidate| map as a heat map over the image.
 */
import sharp from 'sharp';
import type { JobOptions, JobResult } from '../../../shared/contract/jobs/index.js';
import type { TopKEntry } from '../../../shared/report/metrics.js';
import type { JobContext } from '../jobs/context.js';
import { decodeFitted, toTensor, type RgbImage } from '../images/index.js';
import { ModelSession, type TensorOutput } from '../infer/model-session.js';
import { recogniseOutput } from '../parity/kinds/registry.js';
import { softmaxRow } from '../parity/metrics/index.js';
import { perturbImage } from '../perturb/index.js';
import { heatColor } from './heat-color.js';

/** The first classification output's top-k of one model; `logits` decided on the reference, as a run does. */
function topKOf(out: TensorOutput, classes: number, logits: boolean, k: number): TopKEntry[] {
  const row = new Float64Array(classes);
  if (logits) softmaxRow(out.data, 0, classes, row);
  else for (let i = 0; i < classes; i++) row[i] = out.data[i]!;
  return [...row.keys()]
    .sort((a, b) => row[b]! - row[a]! || a - b)
    .slice(0, k)
    .map((index) => ({ index, prob: row[index]! }));
}

async function png(image: RgbImage, maxSide: number): Promise<string> {
  const scale = maxSide / Math.max(image.width, image.height);
  const bytes = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)), { kernel: scale > 1 ? 'nearest' : 'linear' })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/** |ref − cand| of a [N, C, H, W] (or [C, H, W]) output, max over channels of the first item, as H × W. */
function diffMap(ref: TensorOutput, cand: TensorOutput): { map: Float32Array; width: number; height: number } {
  const dims = ref.dims;
  const width = dims[dims.length - 1]!;
  const height = dims[dims.length - 2]!;
  const plane = width * height;
  const channels = dims.length >= 3 ? dims[dims.length - 3]! : 1;
  const map = new Float32Array(plane);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < plane; i++) {
      const d = Math.abs(ref.data[c * plane + i]! - cand.data[c * plane + i]!);
      if (d > map[i]!) map[i] = d;
    }
  }
  return { map, width, height };
}

/** The image darkened to 45%, the map in a colour ramp on top, opacity growing with the difference. */
async function heatmapOver(image: RgbImage, diff: { map: Float32Array; width: number; height: number }, maxSide: number): Promise<{ uri: string; max: number; mean: number }> {
  let max = 0;
  let sum = 0;
  for (const v of diff.map) {
    if (v > max) max = v;
    sum += v;
  }
  const overlay = Buffer.alloc(diff.width * diff.height * 4);
  for (let i = 0; i < diff.map.length; i++) {
    const t = max > 0 ? diff.map[i]! / max : 0;
    const [r, g, b] = heatColor(t);
    overlay[i * 4] = r;
    overlay[i * 4 + 1] = g;
    overlay[i * 4 + 2] = b;
    overlay[i * 4 + 3] = Math.round(255 * Math.min(1, t * 1.5));
  }
  const scale = maxSide / Math.max(image.width, image.height);
  const [w, h] = [Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale))];
  const heat = await sharp(overlay, { raw: { width: diff.width, height: diff.height, channels: 4 } }).resize(w, h, { kernel: 'linear', fit: 'fill' }).png().toBuffer();
  const dark = Buffer.from(image.data.map((v) => Math.round(v * 0.45)));
  const bytes = await sharp(dark, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(w, h, { kernel: 'linear' })
    .composite([{ input: heat }])
    .png({ compressionLevel: 3 })
    .toBuffer();
  return { uri: `data:image/png;base64,${bytes.toString('base64')}`, max, mean: diff.map.length > 0 ? sum / diff.map.length : 0 };
}

/** Runs both models on the image and returns their top-k, the picture and (dense outputs) the difference map. */
export async function predictJob(options: JobOptions<'predict'>, ctx: JobContext): Promise<JobResult<'predict'>> {
  const started = performance.now();
  const spec = options.spec;
  const fitted = await decodeFitted(options.image, spec);
  const image = options.perturbation ? await perturbImage(fitted, options.perturbation) : fitted;
  const tensor = toTensor(image, spec);
  ctx.throwIfCancelled();
  const settings = { threads: 1, optimizationLevel: 'all' as const, spinning: false };
  const reference = await ModelSession.open(options.reference, settings);
  try {
    const candidate = await ModelSession.open(options.candidate, settings);
    try {
      const input = reference.signature().inputs[0]!;
      const feed = { [input.name]: { data: tensor.data, dims: tensor.dims, dtype: spec.dtype } };
      const refOut = await reference.run(feed);
      const candOut = await candidate.run(feed);
      let topK: { reference: TopKEntry[]; candidate: TopKEntry[] } = { reference: [], candidate: [] };
      let heatmap: JobResult<'predict'>['heatmap'] = null;
      for (const signature of reference.signature().outputs) {
        const ref = refOut[signature.name];
        const cand = candOut[signature.name];
        if (!ref || !cand || ref.data.length !== cand.data.length) continue;
        const kind = recogniseOutput({ signature, dims: ref.dims, values: ref.data });
        if (kind.kind === 'classification' && kind.classes !== undefined && topK.reference.length === 0 && ref.data.length === kind.classes) {
          topK = { reference: topKOf(ref, kind.classes, kind.logits ?? false, options.topK), candidate: topKOf(cand, kind.classes, kind.logits ?? false, options.topK) };
        } else if (kind.kind === 'dense' && heatmap === null) {
          const drawn = await heatmapOver(image, diffMap(ref, cand), options.maxSide);
          heatmap = { output: signature.name, dataUri: drawn.uri, maxAbsDiff: drawn.max, meanAbsDiff: drawn.mean };
        }
      }
      return {
        reference: { topK: topK.reference },
        candidate: { topK: topK.candidate },
        imageUri: await png(image, options.maxSide),
        heatmap,
        elapsedMs: performance.now() - started,
      };
    } finally {
      await candidate.release();
    }
  } finally {
    await reference.release();
  }
}
