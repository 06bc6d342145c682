/**
 * The image statistics the drift check compares between a reference and a field folder: what each one measures,
 * its unit, and whether a catalog perturbation can change it (file properties such as resolution cannot).
 */

export const STATISTIC_NAMES = [
  'brightness',
  'contrast',
  'saturation',
  'sharpness',
  'noise',
  'colorCastA',
  'colorCastB',
  'resolution',
  'aspectRatio',
  'jpegQuality',
] as const;
export type StatisticName = (typeof STATISTIC_NAMES)[number];

export interface StatisticInfo {
  title: string;
  /** How it is computed, in one sentence. */
  definition: string;
  unit: string;
  /** Measured on the pixels (so a perturbation of the pixels changes it) rather than read from the file. */
  fromPixels: boolean;
  /** Heavy-tailed: histograms bin log10(1 + value). PSI and KS do not depend on it (they are rank-based here). */
  logScale?: boolean;
}

export const STATISTICS: Readonly<Record<StatisticName, StatisticInfo>> = {
  brightness: { title: 'Brightness', definition: 'mean luma Y = 0.299 R + 0.587 G + 0.114 B', unit: '0–255', fromPixels: true },
  contrast: { title: 'Contrast', definition: 'RMS contrast: standard deviation of luma', unit: '0–255', fromPixels: true },
  saturation: { title: 'Saturation', definition: 'mean HSV saturation (max − min) / max of each pixel', unit: '0–1', fromPixels: true },
  sharpness: {
    title: 'Sharpness',
    definition: 'variance of the 3×3 Laplacian [0 1 0; 1 −4 1; 0 1 0] of luma over interior pixels',
    unit: 'variance',
    fromPixels: true,
    logScale: true,
  },
  noise: {
    title: 'Noise level',
    definition: "Immerkær's estimate of the noise σ of luma (1996): sqrt(π/2)·Σ|I∗N| / (6(W−2)(H−2))",
    unit: 'σ, 0–255',
    fromPixels: true,
  },
  colorCastA: { title: 'Colour cast (green–red)', definition: 'CIELAB a* of the image\'s mean linear-light colour (grey world)', unit: 'a*', fromPixels: true },
  colorCastB: { title: 'Colour cast (blue–yellow)', definition: 'CIELAB b* of the image\'s mean linear-light colour (grey world)', unit: 'b*', fromPixels: true },
  resolution: { title: 'Resolution', definition: 'megapixels of the file, after EXIF orientation', unit: 'MP', fromPixels: false, logScale: true },
  aspectRatio: { title: 'Aspect ratio', definition: 'width / height of the file, after EXIF orientation', unit: 'w/h', fromPixels: false },
  jpegQuality: {
    title: 'JPEG quality',
    definition: 'IJG quality 1–100 whose scaled Annex K luminance table best fits the file\'s; lossless formats count as 100',
    unit: '1–100',
    fromPixels: false,
  },
};

/** The statistics a perturbation can move: those of the pixels, plus JPEG quality (which jpeg_compression lowers). */
export const RESEMBLANCE_STATISTICS: readonly StatisticName[] = STATISTIC_NAMES.filter((n) => STATISTICS[n].fromPixels || n === 'jpegQuality');
