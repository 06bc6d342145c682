/** Where the image lands in the model's input: the sizes and offsets fitToInput and decodeFitted both use. */
import type { PreprocessSpec } from '../../../shared/preprocess.js';

export type Geometry = Pick<PreprocessSpec, 'resize' | 'width' | 'height'> & Partial<Pick<PreprocessSpec, 'anchor' | 'pad' | 'cropFraction'>>;

export interface FitPlan {
  /** Size to resize the whole image to (equal to the source size when no resize is needed). */
  resizeWidth: number;
  resizeHeight: number;
  /** Letterbox padding around the resized image. */
  pad: { top: number; bottom: number; left: number; right: number } | null;
  /** Crop window inside the resized image. */
  crop: { left: number; top: number; width: number; height: number } | null;
}

/** The documented geometry of stretch, letterbox and crop (see fit-to-input.ts) for a w × h source. */
export function planFit(w: number, h: number, spec: Geometry): FitPlan {
  const { width: W, height: H } = spec;
  switch (spec.resize) {
    case 'stretch':
      return { resizeWidth: W, resizeHeight: H, pad: null, crop: null };
    case 'letterbox': {
      const scale = Math.min(W / w, H / h);
      const cw = Math.min(W, Math.max(1, Math.round(w * scale)));
      const ch = Math.min(H, Math.max(1, Math.round(h * scale)));
      const topLeft = spec.anchor === 'top-left';
      const left = topLeft ? 0 : Math.floor((W - cw) / 2);
      const top = topLeft ? 0 : Math.floor((H - ch) / 2);
      const pad = cw === W && ch === H ? null : { top, bottom: H - ch - top, left, right: W - cw - left };
      return { resizeWidth: cw, resizeHeight: ch, pad, crop: null };
    }
    case 'crop': {
      // With cropFraction f the image first covers round(W/f) × round(H/f) (224 at 0.875: shorter side 256).
      const f = spec.cropFraction ?? 1;
      const scale = Math.max(Math.round(W / f) / w, Math.round(H / f) / h);
      const cw = Math.max(W, Math.round(w * scale));
      const ch = Math.max(H, Math.round(h * scale));
      const crop = cw === W && ch === H ? null : { left: Math.floor((cw - W) / 2), top: Math.floor((ch - H) / 2), width: W, height: H };
      return { resizeWidth: cw, resizeHeight: ch, pad: null, crop };
    }
  }
}
