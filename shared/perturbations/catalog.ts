/**
 * The perturbation catalog: every corruption Parity can apply, its family, what its severity means and the
 * parameters of severities 1–5. ImageNet-C's (Hendrycks & Dietterich, ICLR 2019) parameters are the published
 * ones for 224×224 images; how each scales to other sizes is stated in `sizing` (see SIZING_NOTES).
 */

/** ImageNet-C's grouping, plus occlusion, which ImageNet-C lacks. */
export type PerturbationFamily = 'noise' | 'blur' | 'weather' | 'digital' | 'occlusion';

/** Where the definition and its severity parameters come from. */
export type PerturbationOrigin = 'imagenet-c' | 'imagenet-c-extra' | 'parity';

/**
 * How a perturbation adapts to an image that is not 224×224, with s = √(width·height) / 224:
 * - 'none': nothing depends on the size (pixel-wise, or defined relative to the image).
 * - 'scaled': the parameters listed in `scaledParameters` are lengths in pixels at 224 and are multiplied by s.
 * - 'canonical-grid': the random layer (snow, spatter, frost) is made exactly as ImageNet-C makes it on a grid of
 *   about 224×224 cells with the image's aspect ratio and resized to the image when the image is larger than
 *   224×224 (flakes and drops keep their size relative to the picture), and on the image's own pixels when it is
 *   smaller (so they stay at least a pixel wide instead of fading into a veil).
 */
export type PerturbationSizing = 'none' | 'scaled' | 'canonical-grid';

export interface PerturbationInfo<P extends Record<string, number> = Record<string, number>> {
  name: string;
  title: string;
  family: PerturbationFamily;
  origin: PerturbationOrigin;
  /** What the perturbation does to the image, in one or two sentences. */
  description: string;
  /** What a higher severity changes. */
  severityMeaning: string;
  /** What each parameter means, with its unit. */
  parameters: { [K in keyof P]: string };
  /** Whether the result depends on the seed (random noise, directions, layers, layouts); the others are fixed functions. */
  stochastic: boolean;
  sizing: PerturbationSizing;
  scaledParameters: ReadonlyArray<keyof P & string>;
  /** Parameters of severities 1 to 5. */
  severities: readonly [P, P, P, P, P];
}

/** The image side ImageNet-C's pixel parameters were chosen for. */
export const IMAGENET_C_SIDE = 224;

export const SIZING_NOTES =
  'Parameters in pixels are ImageNet-C\'s for 224×224 images. For another size they are multiplied by ' +
  's = √(width·height)/224 ("scaled"; elastic_transform\'s affine shift follows its control square, ⌊min(w,h)/3⌋/74), ' +
  'or the random layer is made on a ≈224×224 grid of the image\'s aspect ratio and resized to larger images, on the ' +
  'image\'s own pixels for smaller ones ("canonical-grid"); relative parameters (zoom factors, pixelation factor, ' +
  'coverage) need no scaling.';

function entry<P extends Record<string, number>>(info: PerturbationInfo<P>): PerturbationInfo<P> {
  return info;
}

function levels<P extends Record<string, number>>(columns: { [K in keyof P]: readonly [number, number, number, number, number] }): readonly [P, P, P, P, P] {
  const keys = Object.keys(columns) as Array<keyof P>;
  const at = (i: number): P => Object.fromEntries(keys.map((k) => [k, columns[k][i]])) as P;
  return [at(0), at(1), at(2), at(3), at(4)];
}

export const PERTURBATIONS = {
  gaussian_noise: entry({
    name: 'gaussian_noise',
    title: 'Gaussian noise',
    family: 'noise',
    origin: 'imagenet-c',
    description: 'Adds independent normal noise to every channel of every pixel (sensor noise in low light).',
    severityMeaning: 'standard deviation of the noise grows',
    parameters: { std: 'standard deviation, as a fraction of the full 0–255 range' },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ std: number }>({ std: [0.08, 0.12, 0.18, 0.26, 0.38] }),
  }),
  shot_noise: entry({
    name: 'shot_noise',
    title: 'Shot noise',
    family: 'noise',
    origin: 'imagenet-c',
    description: 'Poisson (photon) noise: each value becomes Poisson(value·photons)/photons.',
    severityMeaning: 'fewer photons per unit of brightness, so relatively more noise',
    parameters: { photons: 'photon count of a full-scale value (lower is noisier)' },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ photons: number }>({ photons: [60, 25, 12, 5, 3] }),
  }),
  impulse_noise: entry({
    name: 'impulse_noise',
    title: 'Impulse noise',
    family: 'noise',
    origin: 'imagenet-c',
    description: 'Salt-and-pepper noise: a share of the channel values is set to 0 or 255 (half each).',
    severityMeaning: 'more values replaced',
    parameters: { amount: 'share of channel values replaced' },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ amount: number }>({ amount: [0.03, 0.06, 0.09, 0.17, 0.27] }),
  }),
  defocus_blur: entry({
    name: 'defocus_blur',
    title: 'Defocus blur',
    family: 'blur',
    origin: 'imagenet-c',
    description: 'Convolution with an anti-aliased disk, like an out-of-focus lens.',
    severityMeaning: 'larger disk',
    parameters: {
      radius: 'disk radius in pixels (at 224)',
      aliasBlur: 'σ of the Gaussian that anti-aliases the disk edge, in pixels',
    },
    stochastic: false,
    sizing: 'scaled',
    scaledParameters: ['radius'],
    severities: levels<{ radius: number; aliasBlur: number }>({ radius: [3, 4, 6, 8, 10], aliasBlur: [0.1, 0.5, 0.5, 0.5, 0.5] }),
  }),
  glass_blur: entry({
    name: 'glass_blur',
    title: 'Glass blur',
    family: 'blur',
    origin: 'imagenet-c',
    description: 'Gaussian blur, then pixels swapped with random neighbours, then blurred again (frosted glass).',
    severityMeaning: 'wider blur, farther and more rounds of swaps',
    parameters: {
      sigma: 'σ of both Gaussian blurs, in pixels (at 224)',
      maxDelta: 'largest swap distance per axis, in pixels (at 224; at least 1)',
      iterations: 'rounds of swaps over the image',
    },
    stochastic: true,
    sizing: 'scaled',
    scaledParameters: ['sigma', 'maxDelta'],
    severities: levels<{ sigma: number; maxDelta: number; iterations: number }>({
      sigma: [0.7, 0.9, 1, 1.1, 1.5],
      maxDelta: [1, 2, 2, 3, 4],
      iterations: [2, 1, 3, 2, 2],
    }),
  }),
  motion_blur: entry({
    name: 'motion_blur',
    title: 'Motion blur',
    family: 'blur',
    origin: 'imagenet-c',
    description: 'One-sided Gaussian-weighted streak along a random direction (camera shake), as ImageMagick\'s motion blur.',
    severityMeaning: 'longer, flatter streak',
    parameters: {
      radius: 'streak radius in pixels (kernel length 2·⌈radius⌉+1, at 224)',
      sigma: 'σ of the weights along the streak, in pixels (at 224)',
      maxAngle: 'the direction is uniform in ±maxAngle degrees',
    },
    stochastic: true,
    sizing: 'scaled',
    scaledParameters: ['radius', 'sigma'],
    severities: levels<{ radius: number; sigma: number; maxAngle: number }>({
      radius: [10, 15, 15, 15, 20],
      sigma: [3, 5, 8, 12, 15],
      maxAngle: [45, 45, 45, 45, 45],
    }),
  }),
  zoom_blur: entry({
    name: 'zoom_blur',
    title: 'Zoom blur',
    family: 'blur',
    origin: 'imagenet-c',
    description: 'Average of the image and centred zooms of it (zooming during the exposure).',
    severityMeaning: 'zooms reach further',
    parameters: {
      first: 'first zoom factor',
      step: 'step between zoom factors',
      count: 'number of zooms (ImageNet-C\'s np.arange lists: 1.00…1.11, 1.00…1.15, 1.00…1.20, 1.00…1.24, 1.00…1.30)',
    },
    stochastic: false,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ first: number; step: number; count: number }>({
      first: [1, 1, 1, 1, 1],
      step: [0.01, 0.01, 0.02, 0.02, 0.03],
      count: [12, 16, 11, 13, 11],
    }),
  }),
  snow: entry({
    name: 'snow',
    title: 'Snow',
    family: 'weather',
    origin: 'imagenet-c',
    description: 'Falling snowflakes (thresholded, zoomed, motion-blurred noise, added twice) over a whitened image.',
    severityMeaning: 'more, larger flakes and a whiter scene',
    parameters: {
      mean: 'mean of the normal noise the flakes come from',
      std: 'its standard deviation',
      zoom: 'zoom of the noise layer (flake size, in grid pixels)',
      threshold: 'noise below this is no flake',
      blurRadius: 'motion-blur radius of the flakes (grid pixels)',
      blurSigma: 'motion-blur σ of the flakes (grid pixels)',
      blend: 'weight of the original image against its whitened version',
    },
    stochastic: true,
    sizing: 'canonical-grid',
    scaledParameters: [],
    severities: levels<{ mean: number; std: number; zoom: number; threshold: number; blurRadius: number; blurSigma: number; blend: number }>({
      mean: [0.1, 0.2, 0.55, 0.55, 0.55],
      std: [0.3, 0.3, 0.3, 0.3, 0.3],
      zoom: [3, 2, 4, 4.5, 2.5],
      threshold: [0.5, 0.5, 0.9, 0.85, 0.85],
      blurRadius: [10, 12, 12, 12, 12],
      blurSigma: [4, 4, 8, 8, 12],
      blend: [0.8, 0.7, 0.7, 0.65, 0.55],
    }),
  }),
  frost: entry({
    name: 'frost',
    title: 'Frost',
    family: 'weather',
    origin: 'imagenet-c',
    description:
      'Ice crystals on a window: image·w + frost·f, with frost textures generated by Parity (dendritic crystals over a ' +
      'bluish haze; ImageNet-C uses six photographs instead).',
    severityMeaning: 'less of the image and more frost',
    parameters: { imageWeight: 'weight of the image', frostWeight: 'weight of the frost texture' },
    stochastic: true,
    sizing: 'canonical-grid',
    scaledParameters: [],
    severities: levels<{ imageWeight: number; frostWeight: number }>({
      imageWeight: [1, 0.8, 0.7, 0.65, 0.6],
      frostWeight: [0.4, 0.6, 0.7, 0.7, 0.75],
    }),
  }),
  fog: entry({
    name: 'fog',
    title: 'Fog',
    family: 'weather',
    origin: 'imagenet-c',
    description: 'Adds a diamond-square plasma fractal and rescales, lowering contrast unevenly like fog.',
    severityMeaning: 'thicker fog (more plasma) with coarser patches (slower roughness decay)',
    parameters: {
      amount: 'weight of the plasma (0–1) added to the image (0–1)',
      decay: 'the plasma\'s random displacement is divided by this at each finer level',
    },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ amount: number; decay: number }>({ amount: [1.5, 2, 2.5, 2.5, 3], decay: [2, 2, 1.7, 1.5, 1.4] }),
  }),
  brightness: entry({
    name: 'brightness',
    title: 'Brightness',
    family: 'weather',
    origin: 'imagenet-c',
    description: 'Raises the HSV value (daylight, over-exposure) keeping hue and saturation.',
    severityMeaning: 'brighter',
    parameters: { delta: 'added to V (0–1), then clipped' },
    stochastic: false,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ delta: number }>({ delta: [0.1, 0.2, 0.3, 0.4, 0.5] }),
  }),
  contrast: entry({
    name: 'contrast',
    title: 'Contrast',
    family: 'digital',
    origin: 'imagenet-c',
    description: 'Pulls every channel towards its mean over the image.',
    severityMeaning: 'lower contrast',
    parameters: { factor: 'remaining share of each value\'s distance to the channel mean' },
    stochastic: false,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ factor: number }>({ factor: [0.4, 0.3, 0.2, 0.1, 0.05] }),
  }),
  elastic_transform: entry({
    name: 'elastic_transform',
    title: 'Elastic transform',
    family: 'digital',
    origin: 'imagenet-c',
    description:
      'A random affine warp followed by a smooth random displacement field. ImageNet-C\'s severities 1–2 warp widely ' +
      'and smoothly, 3–5 locally (small σ) with growing amplitude.',
    severityMeaning: 'stronger local distortion (severities 3–5); 1–2 are large smooth warps',
    parameters: {
      alpha: 'amplitude of the displacement field, in pixels (at 224; ImageNet-C writes 244·k)',
      sigma: 'σ of the Gaussian smoothing the field, in pixels (at 224)',
      affine: 'largest shift of the affine warp\'s control points, in pixels at 224 (scaled with the control square, ⌊min(w,h)/3⌋ / 74)',
    },
    stochastic: true,
    sizing: 'scaled',
    scaledParameters: ['alpha', 'sigma'],
    severities: levels<{ alpha: number; sigma: number; affine: number }>({
      alpha: [488, 488, 12.2, 17.08, 29.28],
      sigma: [170.8, 19.52, 2.44, 2.44, 2.44],
      affine: [24.4, 48.8, 4.88, 4.88, 4.88],
    }),
  }),
  pixelate: entry({
    name: 'pixelate',
    title: 'Pixelate',
    family: 'digital',
    origin: 'imagenet-c',
    description: 'Box-downscales the image by a factor and box-upscales it back.',
    severityMeaning: 'coarser pixels',
    parameters: { factor: 'intermediate size as a share of the original' },
    stochastic: false,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ factor: number }>({ factor: [0.6, 0.5, 0.4, 0.3, 0.25] }),
  }),
  jpeg_compression: entry({
    name: 'jpeg_compression',
    title: 'JPEG compression',
    family: 'digital',
    origin: 'imagenet-c',
    description: 'Encodes as JPEG (sharp/mozjpeg with the standard Annex K tables, 4:2:0) and decodes it again.',
    severityMeaning: 'lower quality',
    parameters: { quality: 'JPEG quality (1–100)' },
    stochastic: false,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ quality: number }>({ quality: [25, 18, 15, 10, 7] }),
  }),
  speckle_noise: entry({
    name: 'speckle_noise',
    title: 'Speckle noise',
    family: 'noise',
    origin: 'imagenet-c-extra',
    description: 'Multiplicative normal noise: x + x·N(0, std).',
    severityMeaning: 'standard deviation grows',
    parameters: { std: 'standard deviation of the multiplicative noise' },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ std: number }>({ std: [0.15, 0.2, 0.35, 0.45, 0.6] }),
  }),
  gaussian_blur: entry({
    name: 'gaussian_blur',
    title: 'Gaussian blur',
    family: 'blur',
    origin: 'imagenet-c-extra',
    description: 'Gaussian blur (kernel truncated at 4σ, edges repeated).',
    severityMeaning: 'larger σ',
    parameters: { sigma: 'σ in pixels (at 224)' },
    stochastic: false,
    sizing: 'scaled',
    scaledParameters: ['sigma'],
    severities: levels<{ sigma: number }>({ sigma: [1, 2, 3, 4, 6] }),
  }),
  spatter: entry({
    name: 'spatter',
    title: 'Spatter',
    family: 'weather',
    origin: 'imagenet-c-extra',
    description: 'Water drops (severities 1–3, pale turquoise highlights) or mud splashes (4–5, brown) on the lens.',
    severityMeaning: 'more and larger drops, then mud',
    parameters: {
      mean: 'mean of the normal noise the liquid comes from',
      std: 'its standard deviation',
      sigma: 'σ of the blur that forms drops (grid pixels)',
      threshold: 'blurred noise below this is dry',
      intensity: 'water: highlight strength; mud: σ of the blur that shapes splashes (grid pixels)',
      mud: '0 = water, 1 = mud',
    },
    stochastic: true,
    sizing: 'canonical-grid',
    scaledParameters: [],
    severities: levels<{ mean: number; std: number; sigma: number; threshold: number; intensity: number; mud: number }>({
      mean: [0.65, 0.65, 0.65, 0.65, 0.67],
      std: [0.3, 0.3, 0.3, 0.3, 0.4],
      sigma: [4, 3, 2, 1, 1],
      threshold: [0.69, 0.68, 0.68, 0.65, 0.65],
      intensity: [0.6, 0.6, 0.5, 1.5, 1.5],
      mud: [0, 0, 0, 1, 1],
    }),
  }),
  saturate: entry({
    name: 'saturate',
    title: 'Saturate',
    family: 'digital',
    origin: 'imagenet-c-extra',
    description: 'Scales (and offsets) the HSV saturation: washed out at severities 1–2, oversaturated at 3–5.',
    severityMeaning: 'from desaturated (1–2) to strongly oversaturated (5)',
    parameters: { factor: 'S is multiplied by this', offset: 'then this is added (and S clipped to 0–1)' },
    stochastic: false,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ factor: number; offset: number }>({ factor: [0.3, 0.1, 2, 5, 20], offset: [0, 0, 0, 0.1, 0.2] }),
  }),
  occlusion_patch: entry({
    name: 'occlusion_patch',
    title: 'Occlusion: patches',
    family: 'occlusion',
    origin: 'parity',
    description: 'Solid rectangles of random colour, size and aspect covering a set share of the image.',
    severityMeaning: 'larger share covered',
    parameters: {
      coverage: 'share of the image covered (measured within ±2 % of it)',
      maxPatches: 'at most this many rectangles (at least one)',
    },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ coverage: number; maxPatches: number }>({ coverage: [0.05, 0.1, 0.2, 0.3, 0.4], maxPatches: [2, 3, 3, 4, 4] }),
  }),
  occlusion_grid: entry({
    name: 'occlusion_grid',
    title: 'Occlusion: grid',
    family: 'occlusion',
    origin: 'parity',
    description: 'Grid dropout (GridMask): a black square in every cell of a randomly sized and shifted grid.',
    severityMeaning: 'larger squares on the same grid (the ratio of square to cell grows)',
    parameters: {
      coverage: 'nominal share dropped: square side = cell · √coverage',
      minCell: 'smallest cell, as a share of the shorter side',
      maxCell: 'largest cell, as a share of the shorter side',
    },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ coverage: number; minCell: number; maxCell: number }>({
      coverage: [0.05, 0.1, 0.2, 0.3, 0.4],
      minCell: [0.15, 0.15, 0.15, 0.15, 0.15],
      maxCell: [0.35, 0.35, 0.35, 0.35, 0.35],
    }),
  }),
  occlusion_branches: entry({
    name: 'occlusion_branches',
    title: 'Occlusion: branches',
    family: 'occlusion',
    origin: 'parity',
    description:
      'Silhouettes of branches and foliage in front of the subject: recursive tapering branch strokes from the image ' +
      'edges towards its centre, with leaves, drawn dark and anti-aliased.',
    severityMeaning: 'denser foliage: the same trees are added one by one until the covered share is reached, so each severity contains the milder ones',
    parameters: { coverage: 'trees are added until at least this share of the image is covered' },
    stochastic: true,
    sizing: 'none',
    scaledParameters: [],
    severities: levels<{ coverage: number }>({ coverage: [0.08, 0.15, 0.25, 0.35, 0.45] }),
  }),
} as const;

export type PerturbationName = keyof typeof PERTURBATIONS;
export type PerturbationParams<N extends PerturbationName> = (typeof PERTURBATIONS)[N]['severities'][number];

/** Every name in catalog order: ImageNet-C's 15, its 4 extra, then occlusion. */
export const PERTURBATION_NAMES = Object.keys(PERTURBATIONS) as PerturbationName[];

/** Severities run from 1 (mild) to 5 (strong), as in ImageNet-C. */
export const SEVERITIES = [1, 2, 3, 4, 5] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isPerturbationName(value: string): value is PerturbationName {
  return Object.prototype.hasOwnProperty.call(PERTURBATIONS, value);
}

/** The catalog entry of a perturbation. */
export function perturbationInfo(name: PerturbationName): PerturbationInfo {
  return PERTURBATIONS[name];
}

/** A perturbation's title as every view shows it ("Occlusion: patches"); a name not in the catalog as given. */
export function perturbationTitle(name: string): string {
  return isPerturbationName(name) ? perturbationInfo(name).title : name;
}

/** The parameters of one perturbation at one severity. */
export function severityParams<N extends PerturbationName>(name: N, severity: Severity): PerturbationParams<N> {
  return PERTURBATIONS[name].severities[severity - 1] as PerturbationParams<N>;
}
