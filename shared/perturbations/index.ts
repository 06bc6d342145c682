/** The perturbation catalog and the way users name perturbations, severities and seeds. */
export * from './catalog.js';
export * from './spec.js';
