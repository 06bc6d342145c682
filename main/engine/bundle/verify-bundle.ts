/**
 * The bundle's checks: the original model fed Parity's preprocessing (the tensor compare feeds it) against the
 * bundle fed the decoded image, on the same images: max and mean |Δ| of every original output, and for class-score
 * outputs ([batch, classes]) whether the top-1 class agrees.
 */
import type { BundleChecks } from '../../../shared/contract/jobs/bundle.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { toTensor } from '../images/index.js';
import { ModelSession, type TensorOutput } from '../infer/model-session.js';
import type { JobContext } from '../jobs/context.js';
import type { CheckImageSet } from './check-images.js';
import { BUNDLE_INPUT } from './build-bundle.js';

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function isClassRow(output: TensorOutput): boolean {
  return output.dims.length === 2 && output.dims[0] === 1 && (output.dims[1] ?? 0) > 1;
}

/** Runs both models on every check image and returns the figures the manifest records. */
export async function verifyBundle(
  args: { original: string; bundle: string; spec: PreprocessSpec; inputName: string; set: CheckImageSet; threads: number | null },
  ctx: JobContext,
): Promise<BundleChecks> {
  const original = await ModelSession.open(args.original, { threads: args.threads, optimizationLevel: 'all', spinning: false });
  const bundle = await ModelSession.open(args.bundle, { threads: args.threads, optimizationLevel: 'all', spinning: false, trusted: true }).catch(async (error: unknown) => {
    await original.release();
    throw error;
  });
  try {
    const names = original.outputNames;
    const stats = new Map(names.map((n) => [n, { max: 0, sum: 0, count: 0, agree: 0, rows: 0 }]));
    const images: BundleChecks['images'] = [];
    for (const [i, image] of args.set.images.entries()) {
      ctx.throwIfCancelled();
      ctx.progress('checking the bundle', i, args.set.images.length, image.label);
      const tensor = toTensor(image.fitted, args.spec);
      const ref = await original.run({ [args.inputName]: { data: tensor.data, dims: tensor.dims, dtype: args.spec.dtype } });
      const raw = image.raw;
      const got = await bundle.run({ [BUNDLE_INPUT]: { data: raw.data, dims: [1, raw.height, raw.width, 3], dtype: 'uint8' } }, names);
      let imageMax = 0;
      let refTop1: number | null = null;
      let bundleTop1: number | null = null;
      for (const name of names) {
        const a = ref[name]!.data;
        const b = got[name]!.data;
        const s = stats.get(name)!;
        const n = Math.min(a.length, b.length);
        for (let k = 0; k < n; k++) {
          const d = Math.abs(a[k]! - b[k]!);
          if (d > s.max) s.max = d;
          if (d > imageMax) imageMax = d;
          s.sum += d;
        }
        s.count += n;
        if (isClassRow(ref[name]!)) {
          const [ra, ba] = [argmax(a), argmax(b)];
          s.rows += 1;
          if (ra === ba) s.agree += 1;
          if (refTop1 === null) [refTop1, bundleTop1] = [ra, ba];
        }
      }
      images.push({ path: image.label, width: raw.width, height: raw.height, referenceTop1: refTop1, bundleTop1, maxAbsDiff: imageMax });
    }
    ctx.progress('checking the bundle', args.set.images.length, args.set.images.length);
    const outputs = names.map((name) => {
      const s = stats.get(name)!;
      return { name, maxAbsDiff: s.max, meanAbsDiff: s.count > 0 ? s.sum / s.count : 0, top1Agreement: s.rows > 0 ? s.agree / s.rows : null };
    });
    const classified = images.filter((im) => im.referenceTop1 !== null);
    return {
      source: args.set.source,
      root: args.set.root,
      note: args.set.note,
      outputs,
      images,
      top1Agreement: classified.length > 0 ? classified.filter((im) => im.referenceTop1 === im.bundleTop1).length / classified.length : null,
    };
  } finally {
    await Promise.all([original.release(), bundle.release()]);
  }
}
