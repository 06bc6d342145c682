/**
 * A transparent layer on which occluders are drawn with anti-aliased edges (about one pixel of soft edge), then
 * composited over the image. It keeps the covered share up to date as shapes are added.
 */
import type { RgbImage } from '../../images/index.js';

export type Rgb = readonly [number, number, number];

export class SilhouetteCanvas {
  private readonly alpha: Float32Array;
  /** Premultiplied colour of the layer. */
  private readonly colour: Float32Array;
  private alphaSum = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.alpha = new Float32Array(width * height);
    this.colour = new Float32Array(width * height * 3);
  }

  /** Share of the image covered (sum of opacity / pixels). */
  get coverage(): number {
    return this.alphaSum / (this.width * this.height);
  }

  private paint(i: number, a: number, rgb: Rgb): void {
    if (a <= 0) return;
    const old = this.alpha[i]!;
    const next = old + a * (1 - old);
    this.alphaSum += next - old;
    this.alpha[i] = next;
    const keep = 1 - a;
    const o = i * 3;
    this.colour[o] = this.colour[o]! * keep + rgb[0] * a;
    this.colour[o + 1] = this.colour[o + 1]! * keep + rgb[1] * a;
    this.colour[o + 2] = this.colour[o + 2]! * keep + rgb[2] * a;
  }

  /** A stroke from (x0, y0) to (x1, y1) whose radius tapers from r0 to r1, with round ends. */
  capsule(x0: number, y0: number, x1: number, y1: number, r0: number, r1: number, rgb: Rgb): void {
    const reach = Math.max(r0, r1) + 1;
    const left = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
    const right = Math.min(this.width - 1, Math.ceil(Math.max(x0, x1) + reach));
    const top = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
    const bottom = Math.min(this.height - 1, Math.ceil(Math.max(y0, y1) + reach));
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    for (let y = top; y <= bottom; y++) {
      const py = y + 0.5;
      for (let x = left; x <= right; x++) {
        const px = x + 0.5;
        let t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = px - (x0 + t * dx);
        const ey = py - (y0 + t * dy);
        const d = Math.sqrt(ex * ex + ey * ey);
        const a = r0 + (r1 - r0) * t - d + 0.5;
        if (a > 0) this.paint(y * this.width + x, a > 1 ? 1 : a, rgb);
      }
    }
  }

  /** A pointed leaf from its base (x, y) along `angle`: `length` long, `halfWidth` at its widest. */
  leaf(x: number, y: number, angle: number, length: number, halfWidth: number, rgb: Rgb): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const ex = x + cos * length;
    const ey = y + sin * length;
    const reach = halfWidth + 1;
    const left = Math.max(0, Math.floor(Math.min(x, ex) - reach));
    const right = Math.min(this.width - 1, Math.ceil(Math.max(x, ex) + reach));
    const top = Math.max(0, Math.floor(Math.min(y, ey) - reach));
    const bottom = Math.min(this.height - 1, Math.ceil(Math.max(y, ey) + reach));
    for (let py = top; py <= bottom; py++) {
      for (let px = left; px <= right; px++) {
        const rx = px + 0.5 - x;
        const ry = py + 0.5 - y;
        const u = rx * cos + ry * sin;
        const v = Math.abs(-rx * sin + ry * cos);
        if (u < -0.5 || u > length + 0.5) continue;
        const t = Math.min(1, Math.max(0, u / length));
        const half = halfWidth * Math.pow(Math.sin(Math.PI * t), 0.8);
        const a = Math.min(half - v + 0.5, u + 0.5, length - u + 0.5);
        if (a > 0) this.paint(py * this.width + px, a > 1 ? 1 : a, rgb);
      }
    }
  }

  /** The layer composited over `image`. */
  over(image: RgbImage): RgbImage {
    const src = image.data;
    const data = new Uint8Array(src.length);
    for (let i = 0, j = 0; i < this.alpha.length; i++, j += 3) {
      const keep = 1 - this.alpha[i]!;
      for (let c = 0; c < 3; c++) data[j + c] = Math.min(255, Math.max(0, Math.round(src[j + c]! * keep + this.colour[j + c]!)));
    }
    return { data, width: image.width, height: image.height };
  }
}
