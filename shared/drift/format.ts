/** How drift figures read, the same in the HTML report, the CLI and the app. */
import { isPerturbationName, perturbationInfo } from '../perturbations/index.js';

/** Three significant digits; p-values under 1e-4 in scientific notation; null as a dash. */
export function formatMeasure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/** A perturbation's title ("Fog") from its catalog name, or the name itself. */
export function perturbationTitle(name: string): string {
  return isPerturbationName(name) ? perturbationInfo(name).title : name;
}

export function formatShare(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}
