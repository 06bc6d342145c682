/** A perturbation's display title from the shared catalog ("Occlusion: patches"), or its name when unknown. */
import { isPerturbationName, perturbationInfo } from '../../../../shared/perturbations/index.js';

export function perturbationTitle(name: string): string {
  return isPerturbationName(name) ? perturbationInfo(name).title : name;
}
