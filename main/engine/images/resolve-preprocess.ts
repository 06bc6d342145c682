/**
 * Completes a user's partial preprocessing spec from the model's input signature: size, layout and dtype come
 * from the input shape and element type when they are fixed; whatever is symbolic must be given by the user.
 */
import { ParityError } from '../../../shared/errors.js';
import type { Dim, TensorSignature } from '../../../shared/model-info.js';
import {
  DEFAULT_PREPROCESS,
  PartialPreprocessSpecSchema,
  PreprocessSpecSchema,
  type PartialPreprocessSpec,
  type PartialPreprocessSpecInput,
  type PreprocessSpec,
} from '../../../shared/preprocess.js';

type Layout = PreprocessSpec['layout'];
type Dtype = PreprocessSpec['dtype'];

const EXAMPLE_SPEC = '{"width": 224, "height": 224, "layout": "NCHW", "colorOrder": "RGB", "scale": 255, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}';

function fixed(dim: Dim | undefined): number | null {
  return typeof dim === 'number' && dim > 0 ? dim : null;
}

function describeDim(dim: Dim | undefined): string {
  if (typeof dim === 'string' && dim !== '') return dim;
  if (typeof dim === 'number' && dim > 0) return String(dim);
  return 'unknown';
}

function formatShape(shape: readonly Dim[]): string {
  return `[${shape.map(describeDim).join(', ')}]`;
}

function modelDtype(input: TensorSignature): Dtype {
  const t = input.dtype.toLowerCase();
  if (t === 'float32' || t === 'float' || t === 'tensor(float)') return 'float32';
  if (t === 'uint8' || t === 'tensor(uint8)') return 'uint8';
  if (t === 'int8' || t === 'tensor(int8)') return 'int8';
  throw new ParityError(
    'UNSUPPORTED',
    `The model's input ${input.name} takes ${input.dtype} values; Parity feeds images as float32, uint8 or int8 tensors.`,
    'Export the model with a float32 (or uint8/int8) image input; FP16 variants should keep float32 inputs and outputs.',
  );
}

/** 3 for colour, 1 for GRAY; a channel axis of another size is refused where it is found. */
const IMAGE_CHANNELS = new Set([1, 3]);

function inferLayout(input: TensorSignature, shape: readonly Dim[], user: Layout | undefined): Layout {
  if (user) return user;
  if (fixed(shape[1]) === 3) return 'NCHW';
  if (fixed(shape[3]) === 3) return 'NHWC';
  // One channel: grayscale. [N, 1, H, W] or [N, H, W, 1].
  if (fixed(shape[1]) === 1 && fixed(shape[3]) !== 1) return 'NCHW';
  if (fixed(shape[3]) === 1 && fixed(shape[1]) !== 1) return 'NHWC';
  const channelDims = `dims 1 and 3 are ${describeDim(shape[1])} and ${describeDim(shape[3])}`;
  if (fixed(shape[1]) !== null && fixed(shape[3]) !== null) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model's input ${input.name} ${formatShape(shape)} has no 3-channel (RGB/BGR) or 1-channel (GRAY) axis (${channelDims}); Parity feeds images with 1 or 3 channels.`,
      'Use a model whose image input has 3 or 1 channels, in NCHW or NHWC layout; 4-channel inputs (RGBA, RGB + depth) are not supported.',
    );
  }
  throw new ParityError(
    'BAD_OPTION',
    `The model's input ${input.name} ${formatShape(shape)} does not show where its channels are (${channelDims}); give "layout" in the preprocessing (--preprocess).`,
    'e.g. {"layout": "NCHW"} for [batch, 3, height, width] or {"layout": "NHWC"} for [batch, height, width, 3].',
  );
}

/** anchor and pad only mean something for letterbox, cropFraction for crop: a mismatch is a misunderstanding. */
function assertGeometryFields(user: PartialPreprocessSpec): void {
  const resize = user.resize ?? DEFAULT_PREPROCESS.resize;
  const misplaced = [
    ...(resize !== 'letterbox' ? (['anchor', 'pad'] as const).filter((k) => user[k] !== undefined) : []),
    ...(resize !== 'crop' && user.cropFraction !== undefined ? ['cropFraction'] : []),
  ];
  if (misplaced.length > 0) {
    throw new ParityError(
      'BAD_OPTION',
      `--preprocess gives ${misplaced.map((k) => `"${k}"`).join(' and ')} with "resize": "${resize}"; "anchor" and "pad" apply to letterbox, "cropFraction" to crop.`,
      'e.g. {"resize": "letterbox", "anchor": "top-left", "pad": 114} or {"resize": "crop", "cropFraction": 0.875}.',
    );
  }
}

/** Resolves a full PreprocessSpec for one model input, or throws BAD_OPTION / UNSUPPORTED naming what is missing. */
export function resolvePreprocessSpec(partial: PartialPreprocessSpecInput | null, input: TensorSignature): PreprocessSpec {
  const parsed = PartialPreprocessSpecSchema.safeParse(partial ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ');
    throw new ParityError('BAD_OPTION', `Invalid preprocessing (--preprocess): ${issues}.`, `A valid spec looks like ${EXAMPLE_SPEC}.`);
  }
  const user = parsed.data;
  assertGeometryFields(user);

  const shape = input.shape;
  if (shape === null) {
    const missing = (['width', 'height', 'layout'] as const).filter((k) => user[k] === undefined);
    if (missing.length > 0) {
      throw new ParityError(
        'BAD_OPTION',
        `The model's input ${input.name} has an unknown shape; give ${missing.map((m) => `"${m}"`).join(' and ')} in the preprocessing (--preprocess).`,
        `e.g. ${EXAMPLE_SPEC}`,
      );
    }
  } else if (shape.length !== 4) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model's input ${input.name} has shape ${formatShape(shape)}; Parity feeds one image as a 4-D tensor (batch, channels, height, width or batch, height, width, channels).`,
      'Use a model whose image input is 4-D (NCHW or NHWC).',
    );
  }

  const layout = shape === null ? (user.layout as Layout) : inferLayout(input, shape, user.layout);
  const [hAxis, wAxis, cAxis] = layout === 'NCHW' ? [2, 3, 1] : [1, 2, 3];

  if (shape !== null) {
    const channels = fixed(shape[cAxis]);
    if (channels !== null && !IMAGE_CHANNELS.has(channels)) {
      const code = user.layout ? 'BAD_OPTION' : 'UNSUPPORTED';
      throw new ParityError(
        code,
        `With layout ${layout}, the model's input ${input.name} ${formatShape(shape)} has ${channels} channels; Parity feeds images with 3 channels (RGB/BGR) or 1 (GRAY).`,
        user.layout ? `Check "layout": ${layout === 'NCHW' ? 'NHWC' : 'NCHW'} may be the right one.` : 'Use a model with a 3- or 1-channel image input; 4-channel inputs (RGBA, RGB + depth) are not supported.',
      );
    }
    if (channels !== null && user.colorOrder !== undefined && (channels === 1) !== (user.colorOrder === 'GRAY')) {
      throw new ParityError(
        'BAD_OPTION',
        `--preprocess gives colorOrder ${user.colorOrder} but the model's input ${input.name} ${formatShape(shape)} has ${channels} channel${channels === 1 ? '' : 's'}.`,
        channels === 1 ? 'Use "colorOrder": "GRAY" (or leave it out) for a one-channel model.' : 'Use "RGB" or "BGR" for a three-channel model.',
      );
    }
  }

  // Size: fixed dims win, a user value that contradicts one is an error, symbolic ones need a user value.
  const sizeOf = (field: 'width' | 'height', axis: number): number | string => {
    const dim = shape === null ? null : shape[axis];
    const fromModel = fixed(dim);
    const given = user[field];
    if (fromModel !== null) {
      if (given !== undefined && given !== fromModel) {
        throw new ParityError(
          'BAD_OPTION',
          `The preprocessing gives ${field} ${given} but the model's input ${input.name} is fixed at ${field} ${fromModel}.`,
          `Remove "${field}" from the preprocessing (--preprocess) or set it to ${fromModel}.`,
        );
      }
      return fromModel;
    }
    return given ?? describeDim(dim);
  };
  const height = sizeOf('height', hAxis);
  const width = sizeOf('width', wAxis);
  const missing: Array<{ field: string; dim: string }> = [];
  if (typeof height === 'string') missing.push({ field: 'height', dim: height });
  if (typeof width === 'string') missing.push({ field: 'width', dim: width });
  if (missing.length > 0) {
    const fields = missing.map((m) => m.field);
    const dims = missing.map((m) => m.dim).join(', ');
    const quoted = missing.map((m) => `"${m.field}"`).join(' and ');
    throw new ParityError(
      'BAD_OPTION',
      `The model's input ${input.name} has symbolic ${fields.join(' and ')} (${dims}); give ${quoted} in the preprocessing (--preprocess).`,
      `e.g. {${missing.map((m) => `"${m.field}": 224`).join(', ')}} — plus any of "resize", "colorOrder", "scale", "mean", "std" the model was trained with.`,
    );
  }

  const channels = shape === null ? null : fixed(shape[cAxis]);
  const fromModel: Partial<PreprocessSpec> = {};
  if (channels === 1) fromModel.colorOrder = 'GRAY';
  const batch = shape === null ? null : fixed(shape[0]);
  if (batch !== null && batch > 1) fromModel.batch = batch;
  if (user.batch !== undefined && user.batch !== (batch ?? 1) && !(batch === null && user.batch === 1)) {
    throw new ParityError(
      'BAD_OPTION',
      `--preprocess gives batch ${user.batch} but the model's input ${input.name} ${formatShape(shape ?? [])} ${batch === null ? 'has a free batch dimension (Parity feeds 1)' : `is fixed at batch ${batch}`}.`,
      'Remove "batch" from --preprocess; it is read from the model.',
    );
  }

  const dtype = modelDtype(input);
  if (user.dtype !== undefined && user.dtype !== dtype) {
    throw new ParityError(
      'BAD_OPTION',
      `The preprocessing gives dtype ${user.dtype} but the model's input ${input.name} takes ${dtype}.`,
      'Remove "dtype" from the preprocessing (--preprocess); it is read from the model.',
    );
  }
  if (dtype !== 'float32') {
    const identity =
      (user.scale ?? 1) === 1 &&
      (user.mean ?? [0, 0, 0]).every((v) => v === 0) &&
      (user.std ?? [1, 1, 1]).every((v) => v === 1);
    if (!identity) {
      throw new ParityError(
        'BAD_OPTION',
        `The model's input ${input.name} takes ${dtype} pixels, so "scale", "mean" and "std" cannot be applied.`,
        'Remove "scale", "mean" and "std" from the preprocessing (--preprocess); the model normalises internally.',
      );
    }
  }

  const spec = {
    ...DEFAULT_PREPROCESS,
    ...(dtype !== 'float32' ? { scale: 1 as const, mean: [0, 0, 0], std: [1, 1, 1] } : {}),
    ...fromModel,
    ...user,
    width,
    height,
    layout,
    dtype,
  };
  const checked = PreprocessSpecSchema.safeParse(spec);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ');
    throw new ParityError('BAD_OPTION', `Invalid preprocessing for input ${input.name}: ${issues}.`, `A valid spec looks like ${EXAMPLE_SPEC}.`);
  }
  return checked.data;
}
