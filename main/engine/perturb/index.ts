/** Perturbations on raw pixels (ImageNet-C's 19 corruptions and occlusion), their disk cache and the perturb job. */
export { perturbImage, imageDigest, assertPerturbable, scaledParams, MIN_PERTURB_SIDE, PERTURBATION_ALGORITHM_VERSION, type PerturbationRequest } from './perturb-image.js';
export { PerturbedImageCache, DEFAULT_PERTURB_CACHE_BYTES, defaultPerturbCacheDir, perturbCacheBytes, type PerturbCacheStats } from './perturbed-cache.js';
export { perturbJob, describeConversions } from './perturb-job.js';
export { Rng } from './rng.js';
