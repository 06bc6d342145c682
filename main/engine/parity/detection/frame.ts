/** Where an image sat in the model's input (letterbox, crop or stretch), and boxes mapped back to the original image. */
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { Box, ImageFrame } from '../../../../shared/report/detection.js';
import { planFit } from '../../images/index.js';

/** The frame of a width × height image fitted to the spec's input, exactly as decodeFitted placed it. */
export function imageFrame(width: number, height: number, spec: PreprocessSpec): ImageFrame {
  const plan = planFit(width, height, spec);
  const scale: [number, number] = [plan.resizeWidth / width, plan.resizeHeight / height];
  const offset: [number, number] = plan.pad ? [plan.pad.left, plan.pad.top] : plan.crop ? [-plan.crop.left, -plan.crop.top] : [0, 0];
  return { width, height, scale, offset };
}

/** A box in input pixels as pixels of the original image, clipped to it, rounded to 1/100 pixel. */
export function toImage(box: Box, frame: ImageFrame): Box {
  const [sx, sy] = frame.scale;
  const [ox, oy] = frame.offset;
  const x = (v: number): number => hundredths(Math.min(frame.width, Math.max(0, (v - ox) / sx)));
  const y = (v: number): number => hundredths(Math.min(frame.height, Math.max(0, (v - oy) / sy)));
  return [x(box[0]), y(box[1]), x(box[2]), y(box[3])];
}

/** A box of the original image in input pixels (the inverse of toImage, without clipping). */
export function toInput(box: Box, frame: ImageFrame): Box {
  const [sx, sy] = frame.scale;
  const [ox, oy] = frame.offset;
  return [box[0] * sx + ox, box[1] * sy + oy, box[2] * sx + ox, box[3] * sy + oy];
}

function hundredths(v: number): number {
  return Math.round(v * 100) / 100;
}
