/**
 * The preprocessing as ONNX nodes: from the decoded image, uint8 [1, H, W, 3] RGB of any size, to the tensor the
 * model takes, following the spec exactly as Parity's own code does (images/fit-geometry.ts, to-tensor.ts):
 * sizes and offsets are computed in the graph from H and W in double precision with the same formulas (round =
 * floor(x + 0.5), as Math.round), the resize runs in float and is rounded to whole 0–255 values (sharp hands
 * 8-bit pixels to the normalisation), letterbox pads with grey 114, crop takes the centred window, then channel
 * order, value = (pixel / scale − mean) / std, layout and dtype.
 */
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { ResizeKernel } from '../../../shared/contract/jobs/bundle.js';
import { TensorProto_DataType as DataType } from '../onnx/index.js';
import type { GraphEdit} from '../convert/graph-edit.js';
import { floatAttr, floatTensor, int64Tensor, intAttr, intsAttr, makeTensor, stringAttr } from '../convert/graph-edit.js';
import { LETTERBOX_GREY } from '../images/index.js';

export interface PreprocessNodes {
  spec: PreprocessSpec;
  kernel: ResizeKernel;
  /** The uint8 [1, H, W, 3] RGB image tensor. */
  image: string;
  /** Name the last node writes. */
  output: string;
  /** 'tensor': the model's input; 'fitted': the uint8 [1, height, width, 3] image after the geometry only. */
  stage: 'tensor' | 'fitted';
}

const PREFIX = 'parity_pre/';

class Builder {
  constructor(private readonly edit: GraphEdit) {}

  name(base: string): string {
    return this.edit.unique(PREFIX + base);
  }

  node(op: string, inputs: string[], base: string, attributes: Parameters<GraphEdit['addNode']>[3] = [], output?: string): string {
    const out = output ?? this.name(base);
    this.edit.addNode(op, inputs, [out], attributes, PREFIX + base);
    return out;
  }

  doubles(base: string, values: readonly number[]): string {
    const name = this.name(base);
    this.edit.addInitializer(makeTensor(name, DataType.DOUBLE, [values.length], Float64Array.from(values)));
    return name;
  }

  int64s(base: string, values: readonly number[]): string {
    const name = this.name(base);
    this.edit.addInitializer(int64Tensor(name, [values.length], values));
    return name;
  }

  floats(base: string, dims: number[], values: readonly number[]): string {
    const name = this.name(base);
    this.edit.addInitializer(floatTensor(name, dims, values));
    return name;
  }

  /** Math.round for the non-negative sizes here: floor(x + 0.5). */
  round(x: string, base: string): string {
    return this.node('Floor', [this.node('Add', [x, this.doubles('half', [0.5])], `${base}_plus_half`)], base);
  }

  toInt64(x: string, base: string): string {
    return this.node('Cast', [x], base, [intAttr('to', DataType.INT64)]);
  }
}

/** The letterbox padding value: one for all channels, or [R, G, B] (grey 114 when the spec gives none). */
function letterboxPad(spec: PreprocessSpec): number | [number, number, number] {
  // RGB as the spec writes it: the graph works on RGB until the channel-order step.
  const pad = spec.pad ?? LETTERBOX_GREY;
  if (typeof pad === 'number') return pad;
  return pad.every((v) => v === pad[0]) ? pad[0] : pad;
}

/** Resize of NCHW float `x` to `sizes` (int64 [4]) with the chosen kernel. */
function resize(b: Builder, x: string, sizes: string, kernel: ResizeKernel): string {
  const attributes = [
    stringAttr('mode', kernel.mode),
    stringAttr('coordinate_transformation_mode', kernel.coordinateTransformationMode),
  ];
  if (kernel.antialias) attributes.push(intAttr('antialias', 1));
  if (kernel.mode === 'cubic' && kernel.cubicCoeffA !== null) attributes.push(floatAttr('cubic_coeff_a', kernel.cubicCoeffA));
  return b.node('Resize', [x, '', '', sizes], 'resize', attributes);
}

/**
 * The geometry (images/fit-geometry.ts planFit) on an NCHW float image: returns the W×H float image, rounded to
 * whole pixel values.
 */
function fit(b: Builder, x: string, spec: PreprocessSpec, kernel: ResizeKernel): string {
  // The source's [H, W] in double, read from the image tensor at run time (stretch needs no source size).
  const sourceHw = (): string =>
    b.node('Cast', [b.node('Slice', [b.node('Shape', [x], 'shape'), b.int64s('hw_start', [2]), b.int64s('hw_end', [4])], 'hw_int')], 'hw', [intAttr('to', DataType.DOUBLE)]);
  const targetOf = (): string => b.doubles('target_hw', [spec.height, spec.width]);
  const ratios = (hw: string, target: string): [string, string] => {
    const r = b.node('Div', [target, hw], 'ratios');
    return [b.node('Slice', [r, b.int64s('h_start', [0]), b.int64s('h_end', [1])], 'ratio_h'), b.node('Slice', [r, b.int64s('w_start', [1]), b.int64s('w_end', [2])], 'ratio_w')];
  };
  const sizesOf = (hwSize: string): string => b.node('Concat', [b.int64s('batch_channels', [1, 3]), b.toInt64(hwSize, 'resize_hw')], 'sizes', [intAttr('axis', 0)]);
  const rounded = (r: string): string => clip(b, b.node('Round', [r], 'rounded'));

  switch (spec.resize) {
    case 'stretch': {
      const sizes = b.int64s('sizes', [1, 3, spec.height, spec.width]);
      return rounded(resize(b, x, sizes, kernel));
    }
    case 'letterbox': {
      // scale = min(W/w, H/h); content = min(target, max(1, round(size · scale))); centred (extra pixel right/bottom)
      // or anchored top-left, padded with the spec's pad.
      const [hw, target] = [sourceHw(), targetOf()];
      const scale = b.node('Min', ratios(hw, target), 'scale');
      const content = b.node('Min', [target, b.node('Max', [b.doubles('one', [1]), b.round(b.node('Mul', [hw, scale], 'scaled'), 'content_round')], 'content_min1')], 'content');
      const free = b.node('Sub', [target, content], 'free');
      const zeros = b.doubles('zero_pads', [0, 0]);
      const before = spec.anchor === 'top-left' ? zeros : b.node('Floor', [b.node('Div', [free, b.doubles('two', [2])], 'free_half')], 'pad_before');
      const after = spec.anchor === 'top-left' ? free : b.node('Sub', [free, before], 'pad_after');
      const pads = b.toInt64(b.node('Concat', [zeros, before, zeros, after], 'pads_double', [intAttr('axis', 0)]), 'pads');
      const resized = rounded(resize(b, x, sizesOf(content), kernel));
      const pad = letterboxPad(spec);
      if (!Array.isArray(pad)) return b.node('Pad', [resized, pads, b.floats('pad_value', [], [pad])], 'letterbox', [stringAttr('mode', 'constant')]);
      // One value per channel: pad (pixel − value) with zeros, then add the value back (exact on whole pixel values).
      const perChannel = b.floats('pad_rgb', [1, 3, 1, 1], pad);
      const shifted = b.node('Pad', [b.node('Sub', [resized, perChannel], 'minus_pad'), pads, b.floats('zero_pad', [], [0])], 'padded_shifted', [stringAttr('mode', 'constant')]);
      return b.node('Add', [shifted, perChannel], 'letterbox');
    }
    case 'crop': {
      // scale = max(round(W/f)/w, round(H/f)/h); size = max(target, round(size · scale)); centred window, offset
      // floor((size − target)/2). With crop fraction f < 1 the image first covers the larger size (256 for 224 at 0.875).
      const [hw, target] = [sourceHw(), targetOf()];
      const f = spec.cropFraction ?? 1;
      const cover = f === 1 ? target : b.doubles('cover_hw', [Math.round(spec.height / f), Math.round(spec.width / f)]);
      const scale = b.node('Max', ratios(hw, cover), 'scale');
      const covered = b.node('Max', [target, b.round(b.node('Mul', [hw, scale], 'scaled'), 'cover_round')], 'covered');
      const start = b.node('Floor', [b.node('Div', [b.node('Sub', [covered, target], 'excess'), b.doubles('two', [2])], 'excess_half')], 'crop_start');
      const starts = b.toInt64(start, 'crop_starts');
      const ends = b.toInt64(b.node('Add', [start, target], 'crop_end'), 'crop_ends');
      const resized = rounded(resize(b, x, sizesOf(covered), kernel));
      return b.node('Slice', [resized, starts, ends, b.int64s('crop_axes', [2, 3])], 'crop');
    }
  }
}

function clip(b: Builder, x: string): string {
  return b.node('Clip', [x, b.floats('pixel_min', [], [0]), b.floats('pixel_max', [], [255])], 'pixels');
}

/** Appends the preprocessing nodes to the graph; the last one writes `o.output`. */
export function addPreprocessing(edit: GraphEdit, o: PreprocessNodes): void {
  const b = new Builder(edit);
  const { spec } = o;
  const nchw = b.node('Cast', [b.node('Transpose', [o.image], 'nchw_u8', [intsAttr('perm', [0, 3, 1, 2])])], 'nchw', [intAttr('to', DataType.FLOAT)]);
  let x = fit(b, nchw, spec, o.kernel);
  if (o.stage === 'fitted') {
    const nhwc = b.node('Transpose', [x], 'fitted_nhwc', [intsAttr('perm', [0, 2, 3, 1])]);
    b.node('Cast', [nhwc], 'fitted', [intAttr('to', DataType.UINT8)], o.output);
    return;
  }
  if (spec.colorOrder === 'BGR') x = b.node('Gather', [x, b.int64s('bgr', [2, 1, 0])], 'bgr', [intAttr('axis', 1)]);
  if (spec.dtype === 'float32') {
    // (v / scale − mean) / std = v · 1/(scale·std) − mean/std, per channel of the tensor.
    const factor = spec.std.map((s) => 1 / (spec.scale * s));
    const offset = spec.mean.map((m, c) => -m / spec.std[c]!);
    x = b.node('Mul', [x, b.floats('factor', [1, 3, 1, 1], factor)], 'scaled_px');
    x = b.node('Add', [x, b.floats('offset', [1, 3, 1, 1], offset)], 'normalised');
  } else {
    x = b.node('Cast', [x], 'as_uint8', [intAttr('to', DataType.UINT8)]);
  }
  if (spec.layout === 'NHWC') x = b.node('Transpose', [x], 'nhwc', [intsAttr('perm', [0, 2, 3, 1])]);
  b.node('Identity', [x], 'model_input', [], o.output);
}
